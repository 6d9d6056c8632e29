# pinloop: --clock virtual
# The same on the virtual clock: while a task waits on a ThreadSafeFlag the
# clock follows real time, so the thread's set arrives when it should.
# ThreadSafeFlag on the real clock: set by another OS thread while the loop
# is blocked idle (the waiter wakes at once, not at the next deadline), set
# from a callback run between bytecodes (micropython.schedule), self-clearing,
# one waiter at a time, and pollable through ioctl.
import asyncio
import micropython
import time
import _pinloop_asyncio


async def waiter(flag, label):
    start = time.ticks_ms()
    await flag.wait()
    elapsed = time.ticks_diff(time.ticks_ms(), start)
    print(label, "woken; within 0.1-1.5 s:", 100 <= elapsed < 1500)


async def main():
    flag = asyncio.ThreadSafeFlag()
    print("ioctl clear:", flag.ioctl(3, 1))
    # Nothing else is due for 60 s: only the other thread can wake the loop.
    long_sleeper = asyncio.create_task(asyncio.wait_for(asyncio.Event().wait(), 60))
    _pinloop_asyncio._set_from_thread_after(flag, 0.2)
    await waiter(flag, "thread set")
    print("self-cleared:", flag.ioctl(3, 1) == 0)

    micropython.schedule(lambda _: flag.set(), None)
    await flag.wait()
    print("set from a scheduled callback")

    flag.set()
    print("ioctl set:", flag.ioctl(3, 1), "other request:", flag.ioctl(99, 0))
    await flag.wait()
    flag.clear()

    first = asyncio.create_task(flag.wait())
    await asyncio.sleep(0)
    try:
        await flag.wait()
    except AssertionError as exc:
        print("AssertionError:", exc)
    flag.set()
    await first
    print("first waiter released")
    long_sleeper.cancel()


asyncio.run(main())
