# pinloop: --clock virtual
# cancel(): a sleeping task is woken at once with CancelledError; cancelling
# a task that awaits another cancels the innermost one; False once done; a
# task cannot cancel itself; CancelledError is a BaseException.
import asyncio
import time


async def sleeper():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("sleeper cancelled at", time.ticks_ms())
        raise


async def inner():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("inner cancelled")
        raise
    return "inner result"


async def outer(task):
    try:
        await task
    except asyncio.CancelledError:
        print("outer sees the cancellation")
    return "outer survived"


async def self_cancel():
    try:
        asyncio.current_task().cancel()
    except RuntimeError as exc:
        print("RuntimeError:", exc)


async def main():
    print(issubclass(asyncio.CancelledError, Exception), issubclass(asyncio.CancelledError, BaseException))
    t = asyncio.create_task(sleeper())
    await asyncio.sleep(1)
    print("cancel ->", t.cancel())
    await asyncio.sleep(0)
    print("done", t.done(), "cancelled", t.cancelled())
    print("cancel again ->", t.cancel())

    i = asyncio.create_task(inner())
    o = asyncio.create_task(outer(i))
    await asyncio.sleep(1)
    o.cancel()  # follows o -> i
    print(await o, i.cancelled())

    await asyncio.create_task(self_cancel())

    try:
        await t
    except asyncio.CancelledError:
        print("awaiting a cancelled task raises CancelledError")


asyncio.run(main())
