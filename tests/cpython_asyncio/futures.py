# pinloop: --clock virtual
# asyncio.Future as CPython 3.11 documents it: results, exceptions,
# cancellation, done callbacks, tasks awaiting a future; the expected output
# is CPython's (scripts/cpython-crosscheck).
import asyncio


def describe(exc):
    """An exception as both CPython and MicroPython print it (their reprs
    differ: MicroPython's keeps the args tuple's comma)."""
    return "{}: {}".format(type(exc).__name__, exc)


def show(label, fut):
    print(label, fut.done(), fut.cancelled(), fut)


async def setter(fut, value):
    await asyncio.sleep(0.01)
    fut.set_result(value)


async def waiter(name, fut):
    try:
        print(name, "got", await fut)
    except asyncio.CancelledError:
        print(name, "cancelled")
    except ValueError as exc:
        print(name, "raised", describe(exc))


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    show("new", fut)
    print(asyncio.isfuture(fut), asyncio.isfuture(1))
    try:
        fut.result()
    except asyncio.InvalidStateError:
        print("result() of a pending future: InvalidStateError")
    try:
        fut.exception()
    except asyncio.InvalidStateError:
        print("exception() of a pending future: InvalidStateError")

    # Two tasks await one future; a callback sees it finish.
    fut.add_done_callback(lambda f: print("callback 1:", f.result()))
    fut.add_done_callback(lambda f: print("callback 2:", f.result()))
    tasks = [asyncio.create_task(waiter(n, fut)) for n in ("a", "b")]
    asyncio.create_task(setter(fut, 42))
    await asyncio.gather(*tasks)
    show("set", fut)
    try:
        fut.set_result(1)
    except asyncio.InvalidStateError:
        print("set_result() twice: InvalidStateError")
    print("await a done future:", await fut)

    # Exceptions: set as a class or an instance.
    fut = asyncio.Future()
    fut.set_exception(ValueError)
    print(describe(fut.exception()))
    await waiter("c", fut)
    fut = asyncio.Future()
    asyncio.get_running_loop().call_later(0.01, fut.set_exception, ValueError("late"))
    await waiter("d", fut)
    try:
        asyncio.Future().set_exception(StopIteration())
    except TypeError:
        print("set_exception(StopIteration()): TypeError")

    # Cancelling a future wakes its awaiters with CancelledError.
    fut = asyncio.Future()
    task = asyncio.create_task(waiter("e", fut))
    await asyncio.sleep(0)
    print("cancel:", fut.cancel(), fut.cancel())
    await task
    show("cancelled", fut)
    try:
        fut.result()
    except asyncio.CancelledError:
        print("result() of a cancelled future: CancelledError")
    fut = asyncio.Future()
    fut.cancel("why")
    try:
        fut.result()
    except asyncio.CancelledError as exc:
        print("cancel message:", exc.args)

    # Cancelling the task that awaits a future cancels the future.
    fut = asyncio.Future()
    task = asyncio.create_task(waiter("f", fut))
    await asyncio.sleep(0)
    task.cancel()
    await task
    show("after its awaiter was cancelled", fut)

    # remove_done_callback removes every registration; callbacks added to a
    # done future are still queued, not called at once.
    fut = asyncio.Future()

    def note(f):
        print("note", f.result())

    fut.add_done_callback(note)
    fut.add_done_callback(note)
    fut.add_done_callback(print)
    print("removed", fut.remove_done_callback(note), fut.remove_done_callback(note))
    fut.set_result("x")
    fut.add_done_callback(note)
    print("callbacks are queued")
    await asyncio.sleep(0)
    print(fut.get_loop() is loop)


asyncio.run(main())
