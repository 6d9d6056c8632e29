# pinloop: --clock virtual --pin-log -
# neopixel.NeoPixel: items in (r, g, b[, w]), the strip's G, R, B byte
# order, fill, write as a pin-log frame that takes its bits' time;
# machine.bitstream as bytes; bad input.
import time

import machine
import neopixel

strip = neopixel.NeoPixel(machine.Pin("X2"), 3)
strip[0] = (255, 0, 0)
strip[1] = (0, 128, 0)
strip[-1] = (1, 2, 3)
print(len(strip), strip[0], strip[2], bytes(strip.buf))
start = time.ticks_us()
strip.write()
print("frame took", time.ticks_diff(time.ticks_us(), start), "us")
strip.fill((10, 20, 30))
strip.write()
rgbw = neopixel.NeoPixel(machine.Pin("X3"), 2, bpp=4)
rgbw[1] = (1, 2, 3, 4)
rgbw.write()
machine.bitstream(machine.Pin("X4"), 0, (400, 850, 800, 450), b"\x0f\xf0")
for bad in (
    lambda: strip.__setitem__(3, (0, 0, 0)),
    lambda: neopixel.NeoPixel(machine.Pin("X5"), 1, bpp=2),
    lambda: machine.bitstream(machine.Pin("X4"), 1, (1, 2, 3, 4), b""),
    lambda: machine.bitstream(machine.Pin("X4"), 0, (1, 2), b""),
):
    try:
        bad()
    except (IndexError, ValueError) as exc:
        print(type(exc).__name__ + ":", exc)
