# Where each format of framebuf puts a pixel's bits, read back through
# pixel(); colours are masked to the format's depth; outside the buffer
# pixel() reads None and writes nothing.
import framebuf

FORMATS = (
    ("MONO_VLSB", framebuf.MONO_VLSB, 8, 8, 8),
    ("MONO_HLSB", framebuf.MONO_HLSB, 8, 8, 8),
    ("MONO_HMSB", framebuf.MONO_HMSB, 8, 8, 8),
    ("GS2_HMSB", framebuf.GS2_HMSB, 4, 4, 4),
    ("GS4_HMSB", framebuf.GS4_HMSB, 4, 4, 8),
    ("GS8", framebuf.GS8, 4, 2, 8),
    ("RGB565", framebuf.RGB565, 2, 2, 8),
)

for name, fmt, w, h, size in FORMATS:
    buf = bytearray(size)
    fb = framebuf.FrameBuffer(buf, w, h, fmt)
    fb.pixel(0, 0, 0xFFFF)
    fb.pixel(1, 1, 0xFFFF)
    print(name, fmt, bytes(buf).hex(), fb.pixel(0, 0), fb.pixel(1, 0), fb.pixel(1, 1))
    print("  outside:", fb.pixel(w, 0), fb.pixel(-1, 0), fb.pixel(0, h))
    fb.pixel(w, 0, 1)
    fb.pixel(0, -1, 1)
    print("  unchanged:", bytes(buf).hex())

# Colours keep the format's low bits; any non-zero colour is 1 on MONO.
fb = framebuf.FrameBuffer(bytearray(4), 8, 2, framebuf.GS2_HMSB)
fb.pixel(0, 0, 6)
print("GS2 6 ->", fb.pixel(0, 0))
fb = framebuf.FrameBuffer(bytearray(1), 8, 1, framebuf.MONO_HLSB)
fb.pixel(0, 0, 2)
print("MONO 2 ->", fb.pixel(0, 0))
fb = framebuf.FrameBuffer(bytearray(2), 1, 1, framebuf.RGB565)
fb.pixel(0, 0, 0x12345)
print("RGB565 0x12345 ->", hex(fb.pixel(0, 0)))

# A stride wider than the width: rows start stride pixels apart.
buf = bytearray(8)
fb = framebuf.FrameBuffer(buf, 2, 2, framebuf.GS8, 4)
fb.fill(7)
print("stride 4:", list(buf))

# The buffer is the one given: memoryview and bytes see the pixels.
print(memoryview(fb)[0], bytes(fb)[:2], framebuf.MVLSB == framebuf.MONO_VLSB)
