# pinloop: --clock virtual
# asyncio as MicroPython's own tests pin it down: wait_for's shape, a
# gathered task, Lock hand-over, ThreadSafeFlag wake-up order, sleeps past
# the ticks range, run_until_complete(), exception reprs.
import asyncio
import micropython


async def swallow(log):
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        log.append("swallowed")
    return "value"


async def sleeper(t):
    await asyncio.sleep(t)
    return t


async def wait_for_cases():
    log = []
    try:
        print(await asyncio.wait_for(swallow(log), 0.1))
    except asyncio.TimeoutError:
        print("TimeoutError although the target returned", log)
    print(await asyncio.wait_for(sleeper(0.01), 1))

    async def caller():
        try:
            await asyncio.wait_for(sleeper(10), 20)
        except asyncio.CancelledError:
            print("the caller's cancellation raised in wait_for")
            raise

    t = asyncio.create_task(caller())
    await asyncio.sleep(0.1)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("caller cancelled")


async def gathered_cases():
    async def fail():
        raise ValueError(2)

    slow = asyncio.create_task(sleeper(0.2))
    g = asyncio.create_task(asyncio.gather(slow, fail()))
    await asyncio.sleep(0)
    try:
        await slow
    except RuntimeError as exc:
        print("awaiting a gathered task:", repr(exc))
    try:
        await g
    except ValueError as exc:
        print("gather raised", repr(exc))
    print("awaited after the gather ended:", await slow)
    print(await asyncio.gather(fail(), sleeper(0), return_exceptions=True))


async def lock_cases():
    lock = asyncio.Lock()
    states = []

    async def holder():
        async with lock:
            await asyncio.sleep(0.01)
        states.append(("released, handed over", lock.locked()))

    async def waiter():
        async with lock:
            states.append(("new owner runs", lock.locked()))

    await asyncio.gather(holder(), waiter())
    print(states)


async def flag_cases():
    flag = asyncio.ThreadSafeFlag()
    order = []

    async def waiter():
        await flag.wait()
        order.append("waiter woke")

    t = asyncio.create_task(waiter())
    await asyncio.sleep(0)
    flag.set()
    await asyncio.sleep(0)
    order.append("setter ran again first")
    await t
    print(order)


async def overflow_cases():
    for call in (lambda: asyncio.sleep_ms(2**29), lambda: asyncio.sleep(2**29 / 1000)):
        try:
            await call()
        except OverflowError as exc:
            print("OverflowError:", exc)
    await asyncio.sleep_ms(-10**30)
    print("a negative sleep does not overflow")


async def main():
    await wait_for_cases()
    await gathered_cases()
    await lock_cases()
    await flag_cases()
    await overflow_cases()


asyncio.run(main())


@micropython.bytecode
def plain(x):
    return x + 1


async def background(n):
    await asyncio.sleep(0.05)
    print("background", n)


asyncio.create_task(background(1))
asyncio.create_task(background(2))
asyncio.run_until_complete()
print("run_until_complete() returned with nothing left;", plain(1))
print(asyncio.run_until_complete(asyncio.create_task(sleeper(0.01))))
