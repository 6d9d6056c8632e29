# pinloop: --clock virtual
# asyncio.Semaphore and BoundedSemaphore as CPython 3.11 documents them; the
# expected output is CPython's (scripts/cpython-crosscheck).
import asyncio


async def worker(name, sem, log):
    async with sem:
        log.append(name + " in")
        await asyncio.sleep(0.01)
        log.append(name + " out")


async def main():
    sem = asyncio.Semaphore(2)
    print(sem.locked())
    log = []
    await asyncio.gather(*(worker("w%d" % i, sem, log) for i in range(5)))
    print(log)
    print(await sem.acquire(), await sem.acquire(), sem.locked())
    sem.release()
    sem.release()
    sem.release()  # a plain Semaphore may go above its start
    print(sem.locked())
    bounded = asyncio.BoundedSemaphore(1)
    await bounded.acquire()
    bounded.release()
    try:
        bounded.release()
    except ValueError as exc:
        print("ValueError:", exc)
    try:
        asyncio.Semaphore(-1)
    except ValueError as exc:
        print("ValueError:", exc)

    # A waiter cancelled after being woken passes the wake-up on.
    sem = asyncio.Semaphore(0)
    first = asyncio.create_task(sem.acquire())
    second = asyncio.create_task(sem.acquire())
    await asyncio.sleep(0)
    sem.release()
    first.cancel()
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print("first cancelled", first.cancelled(), "second done", second.done())


asyncio.run(main())
