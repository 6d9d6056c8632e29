# pinloop: --i2c 1:0x3c=ssd1306
# The SSD1306 model on I2C as a driver of our own talks to it: control
# bytes (Co=1 one command each, Co=0 a stream), the addressing modes and
# their windows, and what the panel shows (on/off, inverse, entire on,
# remap and scan direction, start line), read back as rows of text.
from machine import I2C
import framebuf
import pinloop

i2c = I2C(1)
print("scan", [hex(a) for a in i2c.scan()])
panel = pinloop.device(i2c, 0x3C)


def commands(*cmds):
    for c in cmds:
        i2c.writeto(0x3C, bytes([0x80, c]))  # Co=1, D/C#=0: one command


def stream(*cmds):
    i2c.writeto(0x3C, bytes([0x00] + list(cmds)))  # Co=0: a command stream


def data(buf):
    i2c.writevto(0x3C, (b"\x40", buf))  # Co=0, D/C#=1: data to the end


def status():
    return i2c.readfrom(0x3C, 1)[0]


print("after reset: on", panel.display_on, "status", hex(status()))
stream(0xA8, 63, 0x20, 0x00, 0xA1, 0xC8, 0x8D, 0x14)
commands(0xAF)
print("on", panel.display_on, "status", hex(status()), "mode", panel.mode)

# A picture drawn with framebuf, sent whole in horizontal mode.
buf = bytearray(128 * 64 // 8)
fb = framebuf.FrameBuffer(buf, 128, 64, framebuf.MONO_VLSB)
fb.text("OK", 0, 0)
fb.rect(0, 10, 20, 6, 1)
fb.pixel(127, 63, 1)
stream(0x21, 0, 127, 0x22, 0, 7)
data(buf)
for row in panel.rows(0, 0, 20, 16):
    print(row)
print("bottom right", panel.lit(127, 63), "pointer", panel.page, panel.column)

# A window: 4 columns x 2 pages, written in vertical mode.
stream(0x20, 0x01, 0x21, 60, 63, 0x22, 2, 3)
data(bytes([0xFF, 0x00, 0x0F, 0xF0, 0x81, 0x18, 0xFF, 0xFF]))
for row in panel.rows(58, 16, 8, 16):
    print(row)

# Page mode: the column from the two nibble commands, the page from 0xB0.
stream(0x20, 0x02, 0xB7, 0x05, 0x17)  # page 7, column 0x75
data(b"\xAA\xAA")
print("page mode", panel.page, hex(panel.column), panel.rows(117, 56, 2, 2))

# What the panel shows.
commands(0xA7)
print("inverse", panel.rows(0, 0, 8, 1))
commands(0xA6, 0xA5)
print("entire on", panel.rows(100, 40, 4, 1))
commands(0xA4, 0xC0, 0xA0)
print("not remapped: top left lit", panel.lit(0, 0), "bottom right lit", panel.lit(127, 63))
commands(0xC8, 0xA1, 0x48)
print("start line 8", panel.rows(0, 2, 20, 4))
commands(0x40, 0xAE)
print("off", panel.rows(0, 0, 8, 1), "status", hex(status()))
# Scrolling commands take their arguments and leave the picture.
stream(0x26, 0, 0, 0, 7, 0, 0xFF, 0x2F, 0x2E, 0xAF)
print("on again", panel.rows(0, 0, 8, 1), panel.scrolling)
width, height, pixels = panel.picture()
print("picture", width, height, len(pixels), pixels[0], max(pixels))
