# pyb.Timer channels (Timer.channel), as on a Pyboard: in PWM and
# PWM_INVERTED mode a channel drives its pin at the timer's frequency with
# a duty of pulse_width / (period + 1), which the pin log and the VCD show
# as machine.PWM's output does (the pin itself does not toggle at the PWM
# rate). A change of the timer's frequency or period retimes its
# channels. Output-compare, input-capture and encoder modes are refused
# with a clear error rather than pretended; so is a channel callback.

import machine

_PWM = 0
_PWM_INVERTED = 1
_MODE_NAMES = {
    2: "OC_TIMING", 3: "OC_ACTIVE", 4: "OC_INACTIVE", 5: "OC_TOGGLE",
    6: "OC_FORCED_ACTIVE", 7: "OC_FORCED_INACTIVE", 8: "IC", 9: "ENC_A",
    10: "ENC_B", 11: "ENC_AB",
}

_channels = {}  # (timer id, channel number) -> TimerChannel


class TimerChannel:
    def __init__(self, timer, number, mode, pin):
        self._timer = timer
        self._number = number
        self._mode = mode
        self._pin = pin
        self._pulse_width = 0

    def __repr__(self):
        return "TimerChannel(timer={}, channel={}, mode={})".format(
            self._timer._id_number(), self._number, "PWM" if self._mode == _PWM else "PWM_INVERTED"
        )

    def _ticks(self):
        return self._timer.period() + 1

    def _output(self):
        if self._pin is None:
            return
        freq = self._timer.freq()
        if not freq:
            machine._pwm_output(self._pin, None, None)
            return
        duty = min(self._pulse_width, self._ticks()) / self._ticks()
        if self._mode == _PWM_INVERTED:
            duty = 1.0 - duty
        machine._pwm_output(self._pin, freq, duty)

    def pulse_width(self, value=None):
        """The pulse width in timer ticks (0 to period + 1)."""
        if value is None:
            return self._pulse_width
        self._pulse_width = max(0, int(value))
        self._output()

    def pulse_width_percent(self, value=None):
        """The duty as a percentage of the period."""
        if value is None:
            return self._pulse_width * 100 / self._ticks()
        self._pulse_width = round(self._ticks() * max(0.0, min(float(value), 100.0)) / 100)
        self._output()

    def compare(self, value=None):
        return self.pulse_width(value)

    capture = compare

    def callback(self, fun):
        if fun is not None:
            raise ValueError(
                "pinloop does not simulate Timer channel callbacks yet: use the timer's callback"
            )


def channel(timer, number, mode=None, *, callback=None, pin=None, pulse_width=None,
            pulse_width_percent=None, compare=None, polarity=None):
    """Timer.channel: the channel (made or re-made with a mode), or the
    existing one (None) with only its number."""
    if not 1 <= number <= 4:
        raise ValueError("Timer channel {} doesn't exist: a Pyboard timer has 1 to 4".format(number))
    key = (timer._id_number(), number)
    if mode is None:
        return _channels.get(key)
    if mode not in (_PWM, _PWM_INVERTED):
        raise ValueError(
            "pinloop simulates Timer channels in PWM and PWM_INVERTED mode, not {}".format(
                _MODE_NAMES.get(mode, mode)
            )
        )
    if callback is not None:
        TimerChannel.callback(None, callback)
    old = _channels.get(key)
    if old is not None and old._pin is not None and old._pin != pin:
        machine._pwm_output(old._pin, None, None)
    made = _channels[key] = TimerChannel(timer, number, mode, pin)
    if pulse_width_percent is not None:
        made.pulse_width_percent(pulse_width_percent)
    else:
        made.pulse_width(pulse_width if pulse_width is not None else (compare or 0))
    return made


def retime(timer_id):
    """The timer's frequency or period changed: its channels follow."""
    for (owner, _), made in _channels.items():
        if owner == timer_id:
            made._output()
