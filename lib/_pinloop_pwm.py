# machine.PWM on the simulated board. The pin does not toggle at the PWM
# frequency (at 1 kHz that would be 2,000 edges a second of board time for
# nothing a script can see); each change of the output is in the pin log
# ("0.500000 X1 pwm 1000Hz 50.0%") and in the VCD as the pin's real-valued
# <PIN>_duty signal. Loaded by machine's __getattr__ on first use.

import machine

_MAX_U16 = 65535
_DEFAULT_FREQ = 1000

_outputs = {}  # pin name -> [freq, duty as 0..65535, invert, running]
_shown = {}  # pin name -> the (freq, fraction) last logged


class PWM:
    def __init__(self, dest, *, freq=None, duty_u16=None, duty_ns=None, invert=False):
        self._pin = dest if isinstance(dest, machine.Pin) else machine.Pin(dest)
        self._name = self._pin.name()
        # A second PWM on a pin drives the same output, as the same channel.
        state = _outputs.get(self._name)
        if state is None:
            state = _outputs[self._name] = [_DEFAULT_FREQ, 0, False, False]
        self._state = state
        state[2] = bool(invert)
        self._configure(freq, duty_u16, duty_ns, start=True)

    def _configure(self, freq, duty_u16, duty_ns, start=False):
        if duty_u16 is not None and duty_ns is not None:
            raise ValueError("give duty_u16 or duty_ns, not both")
        state = self._state
        if freq is not None:
            freq = int(freq)
            if freq < 1:
                raise ValueError("freq must be at least 1 Hz")
            state[0] = freq
        if duty_u16 is not None:
            state[1] = self._checked_u16(duty_u16)
        elif duty_ns is not None:
            state[1] = self._u16_from_ns(duty_ns)
        if start:
            state[3] = True
        if state[3] and (start or freq is not None or duty_u16 is not None or duty_ns is not None):
            self._show()

    @staticmethod
    def _checked_u16(value):
        value = int(value)
        if not 0 <= value <= _MAX_U16:
            raise ValueError("duty_u16 must be from 0 to 65535")
        return value

    def _u16_from_ns(self, ns):
        ns = int(ns)
        if ns < 0:
            raise ValueError("duty_ns must be 0 or more")
        period_ns = 1_000_000_000 / self._state[0]
        return min(_MAX_U16, round(ns * _MAX_U16 / period_ns))

    def _show(self):
        freq, duty, invert, _running = self._state
        fraction = duty / _MAX_U16
        if invert:
            fraction = 1 - fraction
        output = (float(freq), float(fraction))
        if _shown.get(self._name) != output:
            _shown[self._name] = output
            machine._pwm_output(self._pin, output[0], output[1])

    def init(self, *, freq=None, duty_u16=None, duty_ns=None):
        self._configure(freq, duty_u16, duty_ns, start=True)

    def deinit(self):
        if self._state[3]:
            self._state[3] = False
            _shown.pop(self._name, None)
            machine._pwm_output(self._pin, None, None)

    def freq(self, value=None):
        if value is None:
            return self._state[0]
        self._configure(value, None, None)

    def duty_u16(self, value=None):
        if value is None:
            return self._state[1]
        self._configure(None, value, None)

    def duty_ns(self, value=None):
        if value is None:
            return round(self._state[1] * 1_000_000_000 / (_MAX_U16 * self._state[0]))
        self._configure(None, None, value)

    def __repr__(self):
        freq, duty, invert, running = self._state
        if not running:
            return "PWM(Pin({}), deinit)".format(self._name)
        return "PWM(Pin({}), freq={}, duty_u16={}{})".format(
            self._name, freq, duty, ", invert=True" if invert else ""
        )
