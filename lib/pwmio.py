"""CircuitPython's pwmio on pinloop's simulated board: PWMOut over
machine.PWM, so each change of the output is a pin-log line and the VCD's
duty signal (the pin does not toggle at the PWM rate)."""

import machine as _machine
from microcontroller import _pin_name


class PWMOut:
    def __init__(self, pin, *, duty_cycle=0, frequency=500, variable_frequency=False):
        if not 0 <= duty_cycle <= 0xFFFF:
            raise ValueError("duty_cycle must be 0-65535")
        if frequency <= 0:
            raise ValueError("frequency must be positive")
        self._variable = variable_frequency
        self._pwm = _machine.PWM(_machine.Pin(_pin_name(pin)), freq=frequency, duty_u16=duty_cycle)

    def _live(self):
        if self._pwm is None:
            raise ValueError(
                "Object has been deinitialized and can no longer be used. Create a new object."
            )
        return self._pwm

    @property
    def duty_cycle(self):
        return self._live().duty_u16()

    @duty_cycle.setter
    def duty_cycle(self, value):
        if not 0 <= value <= 0xFFFF:
            raise ValueError("duty_cycle must be 0-65535")
        self._live().duty_u16(value)

    @property
    def frequency(self):
        return self._live().freq()

    @frequency.setter
    def frequency(self, value):
        if not self._variable:
            raise AttributeError(
                "PWM frequency not writable when variable_frequency is False"
            )
        if value <= 0:
            raise ValueError("frequency must be positive")
        self._live().freq(value)

    def deinit(self):
        if self._pwm is not None:
            self._pwm.deinit()
        self._pwm = None

    def deinited(self):
        return self._pwm is None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.deinit()
