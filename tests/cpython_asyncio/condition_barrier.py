# pinloop: --clock virtual
# asyncio.Condition and asyncio.Barrier (CPython 3.11); the expected output
# is CPython's (scripts/cpython-crosscheck).
import asyncio


async def waiter(name, cond, state, log):
    async with cond:
        await cond.wait_for(lambda: state["ready"] >= 1)
        log.append(name)
        state["ready"] -= 1


async def main():
    cond = asyncio.Condition()
    state = {"ready": 0}
    log = []
    tasks = [asyncio.create_task(waiter("t%d" % i, cond, state, log)) for i in range(3)]
    await asyncio.sleep(0)
    async with cond:
        state["ready"] = 1
        cond.notify()
    await asyncio.sleep(0.01)
    print(log)
    async with cond:
        state["ready"] = 2
        cond.notify_all()
    await asyncio.gather(*tasks)
    print(log, cond.locked())
    try:
        cond.notify()
    except RuntimeError as exc:
        print("RuntimeError:", exc)
    try:
        await cond.wait()
    except RuntimeError as exc:
        print("RuntimeError:", exc)
    shared = asyncio.Lock()
    cond2 = asyncio.Condition(shared)
    async with cond2:
        print("shared lock held:", shared.locked())

    barrier = asyncio.Barrier(3)
    print(barrier.parties, barrier.n_waiting, barrier.broken)

    async def meet(name):
        index = await barrier.wait()
        return name, index

    results = await asyncio.gather(*(meet("m%d" % i) for i in range(3)))
    print(sorted(index for _, index in results), barrier.n_waiting)
    results = await asyncio.gather(*(meet("r%d" % i) for i in range(3)))
    print("second cycle", sorted(index for _, index in results))

    async def stuck():
        try:
            await barrier.wait()
        except asyncio.BrokenBarrierError:
            print("BrokenBarrierError")

    t = asyncio.create_task(stuck())
    await asyncio.sleep(0)
    print("waiting:", barrier.n_waiting)
    await barrier.abort()
    await t
    print("broken:", barrier.broken)
    await barrier.reset()
    print("after reset broken:", barrier.broken)
    try:
        asyncio.Barrier(0)
    except ValueError as exc:
        print("ValueError:", exc)


asyncio.run(main())
