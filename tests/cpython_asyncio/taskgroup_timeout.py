# pinloop: --clock virtual
# asyncio.TaskGroup and the timeout context managers as CPython 3.11
# documents them; the expected output is CPython's
# (scripts/cpython-crosscheck).
import asyncio


def describe_one(exc):
    """An exception as both CPython and MicroPython print it (their reprs
    differ: MicroPython's keeps the args tuple's comma)."""
    return "{}: {}".format(type(exc).__name__, exc)


async def work(name, delay, log):
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        log.append(name + " cancelled")
        raise
    log.append(name + " done")
    return name


async def fail(delay, exc):
    await asyncio.sleep(delay)
    raise exc


def describe(group):
    return "{}({!r}, {})".format(
        type(group).__name__, group.message, [describe_one(e) for e in group.exceptions]
    )


async def taskgroups():
    log = []
    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(work("a", 0.02, log))
        b = tg.create_task(work("b", 0.01, log), name="bee")
        log.append("body done")
    print(log, a.result(), b.get_name())

    # A failure cancels the siblings and the body.
    log = []
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(work("sibling", 0.1, log))
            tg.create_task(fail(0.01, ValueError("one")))
            await asyncio.sleep(1)
            log.append("body not cancelled")
    except* ValueError as eg:
        print("caught", describe(eg))
    print(log)

    # Two failures at once come out together.
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fail(0.01, ValueError("v")))
            tg.create_task(fail(0.01, KeyError("k")))
    except ExceptionGroup as eg:
        print("caught", describe(eg))

    # An exception in the body cancels the tasks and joins the group.
    log = []
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(work("child", 0.1, log))
            await asyncio.sleep(0.01)
            raise RuntimeError("body")
    except ExceptionGroup as eg:
        print("caught", describe(eg))
    print(log)

    # Cancelling the task running the group cancels the children and
    # comes out as CancelledError.
    log = []

    async def runner():
        async with asyncio.TaskGroup() as tg:
            tg.create_task(work("c1", 0.1, log))
            tg.create_task(work("c2", 0.1, log))
        log.append("not reached")

    task = asyncio.create_task(runner())
    await asyncio.sleep(0.01)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("runner cancelled", sorted(log))

    # Misuse.
    tg = asyncio.TaskGroup()
    coro = work("x", 0, [])
    try:
        tg.create_task(coro)
    except RuntimeError:
        print("create_task before entering: RuntimeError")
    coro.close()
    async with tg:
        pass
    try:
        async with tg:
            pass
    except RuntimeError:
        print("entering twice: RuntimeError")


async def timeouts():
    loop = asyncio.get_running_loop()
    log = []
    try:
        async with asyncio.timeout(0.05) as cm:
            await work("slow", 1, log)
    except TimeoutError as exc:
        print("timed out:", cm.expired(), type(exc.__cause__).__name__, log)
    async with asyncio.timeout(0.05) as cm:
        print(await work("fast", 0.01, []), cm.expired())
    async with asyncio.timeout(None) as cm:
        print("no deadline:", cm.when())
        cm.reschedule(loop.time() + 1)
        await asyncio.sleep(0.01)
        print("rescheduled:", cm.when() > loop.time())
    try:
        async with asyncio.timeout_at(loop.time() + 0.02):
            await asyncio.sleep(1)
    except TimeoutError:
        print("timeout_at expired")
    try:
        async with asyncio.timeout(0.01) as cm:
            cm.reschedule(loop.time() + 0.03)
            await asyncio.sleep(0.02)
            print("still inside after 0.02")
            await asyncio.sleep(1)
    except TimeoutError:
        print("expired after reschedule")
    # Cancellation from outside is not turned into TimeoutError.
    async def inner():
        async with asyncio.timeout(1):
            await asyncio.sleep(10)

    task = asyncio.create_task(inner())
    await asyncio.sleep(0.01)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("outside cancel stays CancelledError")
    # A timeout of zero or in the past expires at the first await.
    try:
        async with asyncio.timeout(0):
            await asyncio.sleep(0.01)
    except TimeoutError:
        print("zero timeout expired")


async def main():
    await taskgroups()
    await timeouts()


asyncio.run(main())
