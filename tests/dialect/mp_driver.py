# A MicroPython-style driver module: the dialect applies to imports too.
from micropython import const

_READY = const(1 << 2)
# A public constant is bound (a hidden one, _READY, is not: MicroPython
# binds no name for it, so it cannot be imported).
READY = const(_READY)


class Sensor:
    def __init__(self):
        self.reads = 0

    def __iter__(self):
        self.reads += 1
        yield _READY
        return self.reads

    def wait(self):
        return await self
