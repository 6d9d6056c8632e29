# Bad input to framebuf: MicroPython's exceptions, with a message.
import framebuf


def attempt(what, f):
    try:
        f()
        print(what, "ok")
    except Exception as e:
        print(what, type(e).__name__, e)


attempt("format 9", lambda: framebuf.FrameBuffer(bytearray(8), 8, 8, 9))
attempt("too small", lambda: framebuf.FrameBuffer(bytearray(7), 8, 8, framebuf.MONO_VLSB))
attempt("stride < width", lambda: framebuf.FrameBuffer(bytearray(64), 8, 8, framebuf.GS8, 4))
attempt("negative width", lambda: framebuf.FrameBuffer(bytearray(8), -1, 8, framebuf.GS8))
attempt("read-only buffer", lambda: framebuf.FrameBuffer(b"\x00" * 8, 8, 8, framebuf.MONO_VLSB))
fb = framebuf.FrameBuffer(bytearray(8), 8, 8, framebuf.MONO_VLSB)
attempt("poly with a list", lambda: fb.poly(0, 0, [0, 0, 4, 4], 1))
attempt("poly of floats", lambda: fb.poly(0, 0, __import__("array").array("f", [0, 0]), 1))
attempt("blit of a str", lambda: fb.blit("no", 0, 0))
attempt("blit short tuple", lambda: fb.blit((bytearray(1), 8), 0, 0))
attempt("text of an int", lambda: fb.text(5, 0, 0))
attempt("pixel with a float", lambda: fb.pixel(1.5, 0))


class Forgot(framebuf.FrameBuffer):
    def __init__(self):
        pass


attempt("no super().__init__", lambda: Forgot().fill(0))
buf = bytearray(8)
fb = framebuf.FrameBuffer(buf, 8, 8, framebuf.MONO_VLSB)
attempt("resize the buffer under it", lambda: buf.extend(b"x"))
