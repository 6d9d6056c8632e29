# pinloop: --i2c 1:0x3c=ssd1306,height=32
# pinloop.save_picture writes what a display shows as a PNG file: 8-bit
# grey, one pixel per panel pixel, 255 lit. Text drawn with framebuf is
# sent to the panel as a driver sends it; the file is decoded here
# (chunks, CRCs, zlib) and compared with the panel and with the frame
# buffer, pixel by pixel: the PNG shows the driver's text.
import os
import struct
import zlib

import framebuf
from machine import I2C
import pinloop

i2c = I2C(1)
panel = pinloop.device(i2c, 0x3C)
for cmd in (0xA8, 31, 0x20, 0x00, 0xA1, 0xC8, 0x21, 0, 127, 0x22, 0, 3, 0xAF):
    i2c.writeto(0x3C, bytes([0x80, cmd]))
buf = bytearray(128 * 32 // 8)
fb = framebuf.FrameBuffer(buf, 128, 32, framebuf.MONO_VLSB)
fb.text("pinloop", 0, 0)
fb.rect(0, 12, 60, 10, 1)
i2c.writevto(0x3C, (b"\x40", buf))

path = "picture_test.png"
pinloop.save_picture(panel, path)
with open(path, "rb") as f:
    png = f.read()
os.remove(path)
print("signature", png[:8] == b"\x89PNG\r\n\x1a\n")
at, chunks = 8, []
while at < len(png):
    (length,) = struct.unpack(">I", png[at : at + 4])
    kind, body = png[at + 4 : at + 8], png[at + 8 : at + 8 + length]
    (crc,) = struct.unpack(">I", png[at + 8 + length : at + 12 + length])
    print(kind.decode(), length, "crc ok", zlib.crc32(kind + body) == crc)
    chunks.append((kind, body))
    at += 12 + length
width, height, depth, colour = struct.unpack(">IIBB", chunks[0][1][:10])
print("size", width, height, "depth", depth, "grey", colour == 0)
raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
rows = [raw[y * (width + 1) : (y + 1) * (width + 1)] for y in range(height)]
print("filters", set(row[0] for row in rows))
expected = panel.picture()[2]
same = all(rows[y][1 + x] == expected[y * width + x] for y in range(height) for x in range(width))
print("pixels match", same, "lit", sum(1 for p in expected if p))
drawn = all(rows[y][1 + x] == 255 * fb.pixel(x, y) for y in range(height) for x in range(width))
print("the PNG shows the frame buffer's text", drawn)
for y in range(8):
    print("".join("#" if rows[y][1 + x] else "." for x in range(24)))

try:
    pinloop.save_picture(panel, "no_such_folder/x.png")
except OSError as e:
    print("OSError", "cannot write the picture no_such_folder/x.png" in str(e))
