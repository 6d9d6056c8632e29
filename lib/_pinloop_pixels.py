# machine.bitstream and the frames of neopixel.NeoPixel on the simulated
# board. A frame takes the time its bits take on the board's clock (plus
# the WS2812's 50 us latch), and is a pin-log line: NeoPixel frames as the
# colours the strip shows, "0.100000 X2 rgb (255,0,0) (0,0,0)", other
# bitstreams as their bytes in hex. The pin does not toggle bit by bit.

import time

import machine

_LATCH_US = 50


def _bits_time_ns(timing, buf):
    high_0, low_0, high_1, low_1 = timing
    ones = sum(bin(byte).count("1") for byte in buf)
    zeros = 8 * len(buf) - ones
    return ones * (high_1 + low_1) + zeros * (high_0 + low_0)


def _timing(timing):
    try:
        values = tuple(int(t) for t in timing)
    except TypeError:
        raise TypeError("timing must be a tuple of 4 times in ns") from None
    if len(values) != 4 or min(values) < 0:
        raise ValueError("timing must be 4 times in ns, 0 or more")
    return values


def _send(pin, timing, buf):
    us = _bits_time_ns(timing, buf) // 1000 + _LATCH_US
    time.sleep_us(us)


def bitstream(pin, encoding, timing, buf):
    """machine.bitstream(pin, 0, (high_0, low_0, high_1, low_1), buf)."""
    if encoding != 0:
        raise ValueError("encoding must be 0 (high then low)")
    timing = _timing(timing)
    data = bytes(buf)
    _send(pin, timing, data)
    machine._pin_log(pin, "bitstream " + data.hex())


def frame(pin, timing, buf, bpp, order):
    # A NeoPixel frame: sent, then logged as pixels in (r, g, b[, w]).
    data = bytes(buf)
    _send(pin, timing, data)
    pixels = []
    for offset in range(0, len(data) - bpp + 1, bpp):
        colour = tuple(data[offset + order[i]] for i in range(bpp))
        pixels.append("(" + ",".join(str(c) for c in colour) + ")")
    machine._pin_log(pin, "rgb " + " ".join(pixels))
