# MicroPython's const(): folded integer expressions, earlier constants and
# (since MicroPython 1.19) any literal or tuple of constants.
from micropython import const

MP_STREAM_POLL_RD = const(1)
MP_STREAM_POLL_WR = const(4)
MP_STREAM_POLL = const(3)
MP_STREAM_ERROR = const(-1)
BOTH = const(MP_STREAM_POLL_RD | MP_STREAM_POLL_WR)
MASK = const((1 << 8) - 1)
MIXED = const(2 * BOTH + MASK // 3 % 7 - ~0)
NAME = const("sensor")
RAW = const(b"\x00\x01")
RATIO = const(1.5)
PAIR = const((1, "two", None))
print(MP_STREAM_POLL_RD, MP_STREAM_POLL_WR, MP_STREAM_POLL, MP_STREAM_ERROR)
print(BOTH, MASK, MIXED, NAME, RAW, RATIO, PAIR)


def inside():
    LOCAL = const(7)
    return LOCAL + MASK


print(inside())

import micropython

print(micropython.const(12), micropython.const([1, 2]))
