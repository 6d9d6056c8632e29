# pinloop: --clock virtual
# CPython's Task API beyond MicroPython's: names, add/remove_done_callback,
# all_tasks, cancel(msg), sleep(delay, result), iscoroutine and
# iscoroutinefunction; the expected output is CPython 3.11's
# (scripts/cpython-crosscheck).
import asyncio
import functools


def describe(exc):
    """An exception as both CPython and MicroPython print it (their reprs
    differ: MicroPython's keeps the args tuple's comma)."""
    return "{}: {}".format(type(exc).__name__, exc)


async def work(n):
    await asyncio.sleep(0.01 * n)
    return n


def done(task):
    print("done callback:", task.get_name(), task.result())


def plain():
    pass


def generator():
    yield


class Thing:
    async def method(self):
        pass


async def main():
    me = asyncio.current_task()
    print(me.get_name())
    t2 = asyncio.create_task(work(1))
    t3 = asyncio.create_task(work(2), name="worker")
    t4 = asyncio.create_task(work(0))
    print(t2.get_name(), t3.get_name(), t4.get_name())
    t2.set_name(12)
    print(repr(t2.get_name()))
    print(sorted(t.get_name() for t in asyncio.all_tasks()))
    print(me in asyncio.all_tasks())

    t2.add_done_callback(done)
    t3.add_done_callback(done)
    t3.add_done_callback(done)
    print("removed", t3.remove_done_callback(done), t3.remove_done_callback(print))
    await asyncio.gather(t2, t3)
    await asyncio.sleep(0)
    print(sorted(t.get_name() for t in asyncio.all_tasks()))

    # A callback added to a finished task is queued, not called at once.
    t2.add_done_callback(done)
    print("queued")
    await asyncio.sleep(0)

    # cancel(msg) puts msg in the CancelledError.
    t4 = asyncio.create_task(work(5))
    await asyncio.sleep(0)
    t4.cancel("stop now")
    try:
        await t4
    except asyncio.CancelledError as exc:
        print("cancelled with", exc.args)
    print(t4.cancelled(), t4.done())

    # A done callback sees a cancelled or failed task too.
    async def fail():
        raise KeyError("k")

    t5 = asyncio.create_task(fail())
    t5.add_done_callback(lambda t: print("failed with", describe(t.exception())))
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    try:
        asyncio.create_task(work(1)).result()
    except asyncio.InvalidStateError:
        print("result() of a pending task: InvalidStateError")

    print(await asyncio.sleep(0.01, result="slept"), await asyncio.sleep(0, "zero"))

    coro = work(1)
    print(asyncio.iscoroutine(coro), asyncio.iscoroutine(work), asyncio.iscoroutine(1))
    print(asyncio.iscoroutine(generator()))
    await coro
    print(asyncio.iscoroutinefunction(work), asyncio.iscoroutinefunction(plain),
          asyncio.iscoroutinefunction(Thing().method), asyncio.iscoroutinefunction(Thing.method),
          asyncio.iscoroutinefunction(functools.partial(work, 1)),
          asyncio.iscoroutinefunction(generator), asyncio.iscoroutinefunction(len))


asyncio.run(main())
