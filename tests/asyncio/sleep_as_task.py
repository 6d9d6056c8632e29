# pinloop: --clock virtual
# CPython's sleep is a coroutine: create_task, gather, wait_for and
# ensure_future take it. A task made of a sleep keeps its own deadline while
# other tasks sleep, and can be cancelled.
import asyncio
import time


async def other_sleeper():
    for _ in range(3):
        await asyncio.sleep_ms(100)


async def main():
    start = time.ticks_ms()
    task = asyncio.create_task(asyncio.sleep(1, "slept"))
    asyncio.create_task(other_sleeper())
    print(await task, time.ticks_diff(time.ticks_ms(), start))
    print(await asyncio.gather(asyncio.sleep(0), asyncio.sleep(0.5, "x")))
    print(await asyncio.wait_for(asyncio.sleep(0.1, 5), 1))
    try:
        await asyncio.wait_for(asyncio.sleep(2), 0.2)
    except asyncio.TimeoutError:
        print("timed out at", time.ticks_diff(time.ticks_ms(), start))
    future = asyncio.ensure_future(asyncio.sleep(0, 3))
    print(await future)
    task = asyncio.create_task(asyncio.sleep(10))
    await asyncio.sleep(0)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("cancelled at", time.ticks_diff(time.ticks_ms(), start))


asyncio.run(main())
