# Harness for the StreamReaderTo fragment of section 6.3 (tutorial_s6_3_line1513.py,
# unchanged). The fragment uses `asyncio` and `Delay_ms` without importing
# them, so it runs in a namespace that has them (Delay_ms from the stand-in
# primitives). UART 4 loops back through X1-X2: 12 bytes arrive, then the
# line goes quiet and the read times out after 50 ms without a byte; then a
# 4-byte buffer fills before any timeout.
import asyncio
import time
from machine import UART
from primitives import Delay_ms

namespace = {"asyncio": asyncio, "Delay_ms": Delay_ms}
with open("tutorial_s6_3_line1513.py") as source:
    exec(source.read(), namespace)
StreamReaderTo = namespace["StreamReaderTo"]


async def main():
    uart = UART(4, 9600)
    reader = StreamReaderTo(uart)
    uart.write(b"Hello")
    buf = bytearray(20)
    start = time.ticks_ms()
    asyncio.create_task(send_later(uart))
    n = await reader.readintotim(buf, 50)
    print(n, "bytes:", bytes(buf[:n]), "after", time.ticks_diff(time.ticks_ms(), start), "ms")
    uart.write(b"abcdef")
    buf = bytearray(4)
    start = time.ticks_ms()
    n = await reader.readintotim(buf, 50)
    print(n, "bytes:", bytes(buf[:n]), "after", time.ticks_diff(time.ticks_ms(), start),
          "ms: the buffer filled first")


async def send_later(uart):
    await asyncio.sleep_ms(20)
    uart.write(b", world" + b"!!!!")


asyncio.run(main())
