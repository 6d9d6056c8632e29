# A Python device whose ioctl returns -errno: select.poll raises
# OSError(errno), as MicroPython does.
import io
import select


class Broken(io.IOBase):
    def __init__(self, code):
        self.code = code

    def ioctl(self, request, arg):
        return self.code


for code in (-1000, -5):
    poller = select.poll()
    poller.register(Broken(code), select.POLLIN)
    try:
        poller.poll(0)
    except OSError as exc:
        print("OSError", exc.errno)
