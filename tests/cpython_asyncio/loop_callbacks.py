# pinloop: --clock virtual
# The loop's callback API as CPython 3.11 documents it: call_soon,
# call_later, call_at and loop.time(), Handle.cancel(), an exception in a
# callback going to the exception handler, get_running_loop(); the expected
# output is CPython's (scripts/cpython-crosscheck).
import asyncio


def describe(exc):
    """An exception as both CPython and MicroPython print it (their reprs
    differ: MicroPython's keeps the args tuple's comma)."""
    return "{}: {}".format(type(exc).__name__, exc)


def say(*args):
    print("say", *args)


def boom():
    raise ValueError("in a callback")


def handler(loop, context):
    print("handler:", describe(context["exception"]), "handle" in context)


async def main():
    loop = asyncio.get_running_loop()
    print(loop is asyncio.get_event_loop(), loop.is_running())
    start = loop.time()
    done = loop.create_future()

    # Callbacks run in deadline order; call_soon ones in the order queued.
    loop.call_later(0.03, say, "call_later 0.03")
    loop.call_at(start + 0.02, say, "call_at +0.02")
    loop.call_soon(say, "call_soon 1")
    loop.call_soon(say, "call_soon 2", "with", "args")
    cancelled = loop.call_later(0.01, say, "never")
    print(cancelled.cancelled())
    cancelled.cancel()
    print(cancelled.cancelled())
    loop.call_later(0.04, done.set_result, None)
    print("queued")
    await done
    print("elapsed about 0.04:", round(loop.time() - start, 2))

    # A timer's when() is in loop.time().
    timer = loop.call_at(start + 5, say, "late")
    print("when:", timer.when() == start + 5)
    timer.cancel()

    # A callback's exception goes to the exception handler; the loop runs on.
    loop.set_exception_handler(handler)
    loop.call_soon(boom)
    await asyncio.sleep(0.01)
    loop.set_exception_handler(None)

    # Tasks and callbacks interleave in the order they became due.
    async def task(name):
        print("task", name)

    loop.call_soon(say, "callback before")
    t = asyncio.create_task(task("t"))
    loop.call_soon(say, "callback after")
    await t
    await asyncio.sleep(0)


try:
    asyncio.get_running_loop()
except RuntimeError as exc:
    print("outside the loop:", exc)
asyncio.run(main())
