"""CircuitPython's neopixel_write on pinloop's simulated board: the bytes
go out on the pin at a WS2812's 800 kHz, taking their bits' time on the
board's clock, and are a pin-log frame (_pinloop_pixels), in the order
given (GRB for the usual strips)."""

import _pinloop_pixels
from microcontroller import _pin_name

# 800 kHz WS2812 timing, in ns: (high 0, low 0, high 1, low 1).
_TIMING = (400, 850, 800, 450)


def neopixel_write(digitalinout, buf):
    """Sends `buf` (3 or 4 bytes a pixel, as the strip wants them) on the
    pin of `digitalinout`, an output."""
    import machine

    inner = getattr(digitalinout, "_pin", None)  # a DigitalInOut's machine.Pin
    pin = inner if isinstance(inner, machine.Pin) else machine.Pin(_pin_name(digitalinout))
    data = bytes(buf)
    bpp = 4 if len(data) % 3 and not len(data) % 4 else 3
    _pinloop_pixels.frame(pin, _TIMING, data, bpp, (1, 0, 2, 3))
