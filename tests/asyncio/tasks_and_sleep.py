# pinloop: --clock virtual
# Task basics: create_task, sleep/sleep_ms in virtual time, the round-robin
# of sleep(0), results, data, repr, several tasks awaiting one task.
import asyncio
import time
import uasyncio

print("uasyncio is asyncio:", uasyncio is asyncio)


async def worker(name, n):
    for i in range(n):
        print(name, i, time.ticks_ms())
        await asyncio.sleep(0)
    return name * 2


async def sleeper(ms):
    await asyncio.sleep_ms(ms)
    print("slept", ms, "at", time.ticks_ms())
    return ms


async def main():
    a = asyncio.create_task(worker("a", 3))
    b = asyncio.create_task(worker("b", 2))
    print("created", a, a.done())
    print("results", await a, await b, a.done(), a.data)
    long = asyncio.create_task(sleeper(300))
    short = asyncio.create_task(sleeper(100))
    await asyncio.sleep(0.2)
    print("at", time.ticks_ms(), "short done:", short.done(), "long done:", long.done())

    async def waits_for(task, label):
        print(label, "got", await task)

    shared = asyncio.create_task(sleeper(50))
    await asyncio.gather(waits_for(shared, "first"), waits_for(shared, "second"), long)
    await asyncio.sleep(-1)  # negative counts as 0
    print("current task is a Task:", isinstance(asyncio.current_task(), asyncio.Task))
    return "main done"


print(asyncio.run(main()), time.ticks_ms())
