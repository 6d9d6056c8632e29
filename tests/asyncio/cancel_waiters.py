# pinloop: --clock virtual
# Cancelling a task parked on an Event, a Lock or a ThreadSafeFlag wakes it
# at once with CancelledError and takes it off the waiter list. Cancelling
# one of several tasks awaiting a task cancels that task, and so every task
# awaiting it (tutorial 5.2.3).
import asyncio
import time


async def wait_on(label, aw):
    try:
        await aw
        print(label, "released")
    except asyncio.CancelledError:
        print(label, "cancelled at", time.ticks_ms())


async def foo():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("foo cancelled")
        raise


async def main():
    event = asyncio.Event()
    lock = asyncio.Lock()
    flag = asyncio.ThreadSafeFlag()
    await lock.acquire()
    waits = (("event", event.wait()), ("lock", lock.acquire()), ("flag", flag.wait()))
    tasks = [asyncio.create_task(wait_on(label, aw)) for label, aw in waits]
    await asyncio.sleep(1)
    for task in tasks:
        task.cancel()
    await asyncio.sleep(0)
    event.set()
    lock.release()
    flag.set()
    print("lock after release:", lock.locked())
    await flag.wait()
    print("flag waited on again")

    f = asyncio.create_task(foo())
    bar = asyncio.create_task(wait_on("bar", f))
    cancel_me = asyncio.create_task(wait_on("cancel_me", f))
    await asyncio.sleep(1)
    bar.cancel()
    await asyncio.sleep(0)  # foo runs, is cancelled, wakes its waiters
    await asyncio.sleep(0)  # the waiters run
    print("foo cancelled:", f.cancelled(), "waiters done:", bar.done(), cancel_me.done())


asyncio.run(main())
