# pinloop: --clock virtual
# CPython's asyncio.wait (the SuperFastPython Event document uses it) and
# Task.result(), exception(), cancelled().
import asyncio
import time


async def value(v, ms):
    await asyncio.sleep_ms(ms)
    return v


async def fail(ms):
    await asyncio.sleep_ms(ms)
    raise ValueError("boom")


def names(tasks):
    return sorted(str(t.result()) if not t.cancelled() and t.exception() is None else "err" for t in tasks)


async def main():
    tasks = [asyncio.create_task(value(i, 10 * (i + 1))) for i in range(3)]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print("first completed at", time.ticks_ms(), names(done), len(pending))
    done, pending = await asyncio.wait(tasks)
    print("all completed at", time.ticks_ms(), names(done), len(pending))

    tasks = [asyncio.create_task(fail(15)), asyncio.create_task(value("slow", 100))]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    print("first exception at", time.ticks_ms(), names(done), len(pending))

    done, pending = await asyncio.wait([value("late", 1000)], timeout=0.5)
    print("timeout at", time.ticks_ms(), len(done), len(pending))
    for task in pending:
        task.cancel()
    await asyncio.sleep(0)
    task = list(pending)[0]
    print("cancelled:", task.cancelled(), "done:", task.done())
    try:
        task.result()
    except asyncio.CancelledError:
        print("result() of a cancelled task raises CancelledError")

    ok = asyncio.create_task(value(7, 0))
    try:
        ok.result()
    except asyncio.InvalidStateError as exc:
        print("InvalidStateError:", exc)
    await asyncio.sleep_ms(1)
    print("result", ok.result(), "exception", ok.exception(), "cancelled", ok.cancelled())
    bad = tasks[0]
    print("exception", repr(bad.exception()))
    try:
        bad.result()
    except ValueError as exc:
        print("result() raises", repr(exc))
    try:
        await asyncio.wait([])
    except ValueError as exc:
        print("ValueError:", exc)


asyncio.run(main())
