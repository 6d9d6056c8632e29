# pinloop: --clock virtual --board pyboard --wire X1=X2
# Harness for the 6.3 fragment `foo` (tutorial_s6_3_line1501.py, unchanged)
# with StreamReader from asyncio and a looped-back UART 4. As printed, foo
# calls sr.read(20) without awaiting it: `data` is a coroutine object, no
# read happens and the waiting bytes stay in the UART; awaiting the same
# call reads them.
import asyncio
import fragment
from machine import UART

namespace = fragment.run("tutorial_s6_3_line1501.py",
                         {"StreamReader": asyncio.StreamReader})


async def main():
    uart = UART(4, 9600)
    uart.write(b"twelve bytes")
    await asyncio.sleep_ms(20)
    await namespace["foo"](uart)
    print("after foo, bytes waiting in the UART:", uart.any())
    print("awaited, read(20) returns", await asyncio.StreamReader(uart).read(20))


asyncio.run(main())
