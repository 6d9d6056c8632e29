# pinloop: --clock virtual
# micropython.RingIO: a byte ring with the stream methods, filled from a
# timer callback (an interrupt) and read by a task through asyncio's
# StreamReader, which waits on its ioctl.
import asyncio
import micropython
from machine import Timer

ring = micropython.RingIO(8)
print(ring, ring.any(), ring.write(b"0123456789"), ring.any(), ring.write(b"x"))
print(ring.read(3), ring.readline(), ring.read())
ring.write(b"ab\ncd")
buffer = bytearray(4)
print(ring.readline(), ring.readinto(buffer), buffer)
print(micropython.RingIO(bytearray(5)).write(b"123456"))
for bad in (0, 65535, bytearray(1), None):
    try:
        micropython.RingIO(bad)
    except (ValueError, TypeError) as exc:
        print(type(exc).__name__, exc)


async def main():
    incoming = micropython.RingIO(64)
    reader = asyncio.StreamReader(incoming)
    lines = iter([b"line one\n", b"line two\n"])

    def feed(timer):
        try:
            incoming.write(next(lines))
        except StopIteration:
            timer.deinit()

    Timer(-1).init(period=20, callback=feed)
    print(await reader.readline())
    print(await reader.readline())


asyncio.run(main())
