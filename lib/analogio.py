"""CircuitPython's analogio on pinloop's simulated board: AnalogIn over
machine.ADC (the board file's [[adc]] source, 16 bits, 3.3 V reference)
and AnalogOut over the pin's DAC output (what an ADC on the same net
reads)."""

import machine as _machine
from microcontroller import _pin_name

_REFERENCE_VOLTAGE = 3.3


class _Deinit:
    def _live(self):
        if self._pin is None:
            raise ValueError(
                "Object has been deinitialized and can no longer be used. Create a new object."
            )

    def deinit(self):
        self._pin = None

    def deinited(self):
        return self._pin is None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.deinit()


class AnalogIn(_Deinit):
    def __init__(self, pin):
        self._pin = _pin_name(pin)
        self._adc = _machine.ADC(_machine.Pin(self._pin))

    @property
    def value(self):
        """The voltage as 0-65535 of the reference."""
        self._live()
        return self._adc.read_u16()

    @property
    def reference_voltage(self):
        self._live()
        return _REFERENCE_VOLTAGE


class AnalogOut(_Deinit):
    def __init__(self, pin):
        import pyb

        self._pin = _pin_name(pin)
        self._dac = pyb.DAC(self._pin, bits=12)

    @property
    def value(self):
        raise AttributeError("AnalogOut.value can only be set")

    @value.setter
    def value(self, value):
        self._live()
        if not 0 <= value <= 0xFFFF:
            raise ValueError("value must be 0-65535")
        self._dac.write(value >> 4)
