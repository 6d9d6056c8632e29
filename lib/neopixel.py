# MicroPython's neopixel module on the simulated board: NeoPixel(pin, n,
# bpp=3, timing=1), items as (r, g, b[, w]) tuples, fill, write. The strip
# is WS2812: bytes go out in G, R, B (, W) order. write() is a frame in the
# pin log ("<seconds> X2 rgb (255,0,0) ...") and takes the frame's time on
# the board's clock (_pinloop_pixels).

import _pinloop_pixels


class NeoPixel:
    # Where each of r, g, b, w sits in a pixel's bytes.
    ORDER = (1, 0, 2, 3)

    def __init__(self, pin, n, bpp=3, timing=1):
        if bpp not in (3, 4):
            raise ValueError("bpp must be 3 or 4")
        if n < 0:
            raise ValueError("n must be 0 or more")
        self.pin = pin
        self.n = n
        self.bpp = bpp
        self.buf = bytearray(n * bpp)
        pin.init(pin.OUT)
        if isinstance(timing, int):
            # 800 kHz, or 400 kHz for the first WS2811s; in ns.
            timing = (400, 850, 800, 450) if timing else (800, 1700, 1600, 900)
        self.timing = _pinloop_pixels._timing(timing)

    def __len__(self):
        return self.n

    def _offset(self, index):
        if index < 0:
            index += self.n
        if not 0 <= index < self.n:
            raise IndexError("pixel index out of range")
        return index * self.bpp

    def __setitem__(self, index, colour):
        base = self._offset(index)
        for channel in range(self.bpp):
            self.buf[base + self.ORDER[channel]] = colour[channel]

    def __getitem__(self, index):
        base = self._offset(index)
        return tuple(self.buf[base + self.ORDER[channel]] for channel in range(self.bpp))

    def fill(self, colour):
        for index in range(self.n):
            self[index] = colour

    def write(self):
        _pinloop_pixels.frame(self.pin, self.timing, self.buf, self.bpp, self.ORDER)
