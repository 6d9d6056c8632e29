# Harness for the section 6.4 PinCall fragment (tutorial_s6_4_line1631.py,
# unchanged): callbacks on X1's edges through the stream mechanism, while
# the board file presses X1 at 0.5 s and 1.5 s for 200 ms.
import asyncio
import time
from machine import Pin

from tutorial_s6_4_line1631 import PinCall


def edge(kind):
    print(kind, "seen at", time.ticks_ms(), "ms")


async def main():
    pin = Pin("X1", Pin.IN, Pin.PULL_UP)
    PinCall(pin, cb_rise=edge, cbr_args=("rise",), cb_fall=edge, cbf_args=("fall",))
    await asyncio.sleep(2.5)


asyncio.run(main())
