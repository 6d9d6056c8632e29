# pinloop: --clock virtual
# Event: set() releases every current waiter even if clear() follows at
# once; wait() returns True. Lock: FIFO handover; a waiter cancelled after
# the lock was handed to it passes it on; async with; bad release.
import asyncio
import time


async def waiter(name, event):
    print(name, "waiting")
    got = await event.wait()
    print(name, "released", got, "at", time.ticks_ms())


async def locker(name, lock, hold_ms):
    async with lock:
        print(name, "has the lock at", time.ticks_ms())
        await asyncio.sleep_ms(hold_ms)
    print(name, "let go")


async def main():
    event = asyncio.Event()
    for name in ("w1", "w2"):
        asyncio.create_task(waiter(name, event))
    await asyncio.sleep(1)
    event.set()
    event.clear()
    print("is_set after clear:", event.is_set())
    await asyncio.sleep(0)
    event.set()
    print("already set:", await event.wait())

    lock = asyncio.Lock()
    tasks = [asyncio.create_task(locker(n, lock, 100)) for n in ("l1", "l2", "l3")]
    await asyncio.sleep_ms(50)
    print("locked:", lock.locked())
    await asyncio.sleep_ms(50)  # l1 releases at 100 and hands the lock to l2
    tasks[1].cancel()  # l2 was handed the lock but has not run yet
    await asyncio.gather(*tasks, return_exceptions=True)
    print("locked:", lock.locked())
    try:
        lock.release()
    except RuntimeError as exc:
        print("RuntimeError:", exc)
    print("acquire:", await lock.acquire(), lock.locked())
    lock.release()


asyncio.run(main())
