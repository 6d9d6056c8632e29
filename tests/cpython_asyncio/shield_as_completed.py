# pinloop: --clock virtual
# asyncio.shield, as_completed and ensure_future as CPython 3.11 documents
# them; the expected output is CPython's (scripts/cpython-crosscheck).
import asyncio


def describe(exc):
    """An exception as both CPython and MicroPython print it (their reprs
    differ: MicroPython's keeps the args tuple's comma)."""
    return "{}: {}".format(type(exc).__name__, exc)


async def work(name, delay, log):
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        log.append(name + " cancelled")
        raise
    log.append(name + " finished")
    return name


async def fail(delay):
    await asyncio.sleep(delay)
    raise ValueError("failed after %s" % delay)


async def main():
    log = []

    # The shielded task runs on when the awaiting task is cancelled.
    inner = asyncio.create_task(work("inner", 0.05, log))

    async def guarded():
        try:
            return await asyncio.shield(inner)
        except asyncio.CancelledError:
            log.append("guarded cancelled")
            raise

    outer = asyncio.create_task(guarded())
    await asyncio.sleep(0.01)
    outer.cancel()
    try:
        await outer
    except asyncio.CancelledError:
        log.append("outer raised CancelledError")
    print(log, inner.done())
    print(await inner, log)

    # Without cancellation shield passes the result or exception through.
    print(await asyncio.shield(work("plain", 0.01, [])))
    try:
        await asyncio.shield(fail(0.01))
    except ValueError as exc:
        print("shield passed on", describe(exc))
    # wait_for on a shielded task: the timeout does not cancel the task.
    log = []
    slow = asyncio.create_task(work("slow", 0.05, log))
    try:
        await asyncio.wait_for(asyncio.shield(slow), 0.01)
    except TimeoutError:
        print("timed out; slow done:", slow.done())
    print(await slow, log)

    # as_completed gives outcomes in the order they arrive.
    aws = [work("c", 0.03, []), work("a", 0.01, []), work("b", 0.02, [])]
    for next_done in asyncio.as_completed(aws):
        print("as_completed:", await next_done)
    aws = [work("x", 0.01, []), fail(0.02)]
    for next_done in asyncio.as_completed(aws):
        try:
            print("as_completed:", await next_done)
        except ValueError as exc:
            print("as_completed raised", describe(exc))
    log = []
    aws = [work("quick", 0.01, log), work("slow", 0.1, log)]
    try:
        for next_done in asyncio.as_completed(aws, timeout=0.05):
            print("as_completed:", await next_done)
    except TimeoutError:
        print("as_completed timed out")
    await asyncio.sleep(0.1)
    print(log)
    try:
        for _ in asyncio.as_completed(asyncio.ensure_future(work("single", 0, []))):
            pass
    except TypeError as exc:
        print("TypeError:", exc)

    # ensure_future: tasks and futures as they are, coroutines as tasks.
    task = asyncio.create_task(work("t", 0, []))
    fut = asyncio.get_running_loop().create_future()
    print(asyncio.ensure_future(task) is task, asyncio.ensure_future(fut) is fut)
    wrapped = asyncio.ensure_future(work("w", 0, []))
    print(type(wrapped).__name__, await wrapped)
    fut.set_result(None)
    await task
    try:
        asyncio.ensure_future(42)
    except TypeError:
        print("ensure_future(42): TypeError")


asyncio.run(main())
