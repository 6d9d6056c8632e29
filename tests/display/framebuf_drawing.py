# framebuf's drawing methods on a GS8 canvas, printed as rows of
# characters: lines, rectangles, ellipses, polygons, text, scroll, blit.
import framebuf
from array import array

W, H = 16, 10
buf = bytearray(W * H)
fb = framebuf.FrameBuffer(buf, W, H, framebuf.GS8)


def show(title):
    print(title)
    for y in range(H):
        print(" ", "".join(".123456789"[min(buf[y * W + x], 9)] for x in range(W)))
    fb.fill(0)


fb.hline(-2, 0, 6, 1)
fb.vline(15, -3, 20, 2)
fb.line(0, 2, 9, 7, 3)
fb.line(12, 9, 12, 9, 4)
show("hline vline line")

fb.rect(1, 1, 6, 4, 1)
fb.rect(9, 1, 5, 4, 2, True)
fb.fill_rect(2, 6, 0, 3, 5)
fb.fill_rect(12, 7, 10, 10, 3)
show("rect, filled rect, empty and clipped fill_rect")

fb.ellipse(4, 4, 3, 3, 1)
fb.ellipse(11, 4, 4, 2, 2, True)
show("circle, filled ellipse")

fb.ellipse(7, 4, 5, 4, 1, True, 0b0101)
show("ellipse, quadrants 1 and 3 filled")

fb.poly(1, 1, array("h", [0, 0, 6, 0, 3, 6]), 1)
fb.poly(8, 1, bytes([0, 0, 6, 0, 6, 7, 3, 3, 0, 7]), 2, True)
show("triangle outline; concave polygon filled")

fb.text("Hi!", 0, 1, 1)
show("text")

fb.fill_rect(0, 0, 3, 3, 1)
fb.scroll(2, 1)
show("scroll by (2, 1) leaves a footprint")

sprite = framebuf.FrameBuffer(bytearray(4), 2, 2, framebuf.GS8)
sprite.pixel(0, 0, 5)
sprite.pixel(1, 1, 6)
fb.fill(1)
fb.blit(sprite, 3, 3)
fb.blit(sprite, 8, 3, 0)
fb.blit(sprite, 15, 9)
show("blit, with key 0, clipped")

icon = bytearray([0b10100000, 0b01000000])
palette = framebuf.FrameBuffer(bytearray(2), 2, 1, framebuf.GS8)
palette.pixel(0, 0, 2)
palette.pixel(1, 0, 7)
fb.blit((icon, 3, 2, framebuf.MONO_HLSB), 1, 1, -1, palette)
fb.blit((icon, 3, 2, framebuf.MONO_HLSB, 8), 6, 1, 2, palette)
show("a MONO_HLSB icon through a palette; key 2 after the palette")


class Screen(framebuf.FrameBuffer):
    def __init__(self, width, height):
        self.width = width
        self.buffer = bytearray(width * height // 8)
        super().__init__(self.buffer, width, height, framebuf.MONO_VLSB)

    def border(self):
        self.rect(0, 0, self.width, 8, 1)


screen = Screen(8, 8)
screen.border()
print("subclass:", bytes(screen.buffer).hex(), isinstance(screen, framebuf.FrameBuffer))
legacy = framebuf.FrameBuffer1(bytearray(8), 8, 8)
legacy.pixel(0, 7, 1)
print("FrameBuffer1 is MONO_VLSB:", bytes(legacy)[0] == 0x80)
