# pinloop: --clock virtual
# Sleeps created before they are awaited (CPython style) keep their own
# deadlines, so gather and wait_for can take them.
import asyncio
import time


async def main():
    await asyncio.gather(asyncio.sleep(0.6), asyncio.sleep_ms(300))
    print("gathered two sleeps at", time.ticks_ms())
    first = asyncio.sleep_ms(100)
    second = asyncio.sleep_ms(200)
    await second
    print("second at", time.ticks_ms())
    await first  # its deadline passed already
    print("first at", time.ticks_ms())
    try:
        await asyncio.wait_for(asyncio.sleep(5), 1)
    except asyncio.TimeoutError:
        print("timed out at", time.ticks_ms())


asyncio.run(main())
