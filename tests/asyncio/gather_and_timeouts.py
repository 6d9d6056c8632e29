# pinloop: --clock virtual
# gather: results in order; the first exception is raised at once while the
# other tasks run on; return_exceptions collects them; cancelling a gather
# cancels its unfinished tasks; a task already awaited cannot be gathered.
# wait_for: cancels its target on timeout, waits for it, raises
# TimeoutError; wait_for_ms takes milliseconds.
import asyncio
import time


async def value(v, ms):
    await asyncio.sleep_ms(ms)
    print("value", v, "at", time.ticks_ms())
    return v


async def fail(ms):
    await asyncio.sleep_ms(ms)
    raise ValueError("failed at %d" % time.ticks_ms())


async def slow(name):
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print(name, "cancelled at", time.ticks_ms())
        raise


async def main():
    print(await asyncio.gather(value(1, 30), value(2, 10), value(3, 20)))
    print(await asyncio.gather())
    try:
        await asyncio.gather(value("a", 50), fail(20))
    except ValueError as exc:
        print("gather raised", exc, "at", time.ticks_ms())
    await asyncio.sleep_ms(40)  # "a" keeps running
    print(await asyncio.gather(fail(5), value("b", 1), return_exceptions=True))

    g = asyncio.create_task(asyncio.gather(slow("g1"), slow("g2")))
    await asyncio.sleep_ms(10)
    g.cancel()
    try:
        await g
    except asyncio.CancelledError:
        print("gather cancelled")

    t = asyncio.create_task(value("t", 10))

    async def await_it():
        return await t

    w = asyncio.create_task(await_it())
    await asyncio.sleep(0)  # w now awaits t
    try:
        await asyncio.gather(t)
    except RuntimeError as exc:
        print("RuntimeError:", exc)
    print("w got", await w)

    try:
        print(await asyncio.wait_for(value("quick", 10), 1))
        await asyncio.wait_for(slow("target"), 0.5)
    except asyncio.TimeoutError as exc:
        print("TimeoutError at", time.ticks_ms(), isinstance(exc, TimeoutError))
    try:
        await asyncio.wait_for_ms(slow("target_ms"), 250)
    except TimeoutError:
        print("TimeoutError at", time.ticks_ms())

    async def outer():
        await asyncio.wait_for(slow("inner"), 5)

    o = asyncio.create_task(outer())
    await asyncio.sleep(1)
    o.cancel()
    try:
        await o
    except asyncio.CancelledError:
        print("wait_for cancelled: target cancelled too")


asyncio.run(main())
