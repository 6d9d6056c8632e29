"""asyncio workloads for scripts/bench, run unchanged by pinloop and by
CPython (with a sleep_ms shim). Each prints one JSON line.

usage: pinloop|python3 asyncio_micro.py WORKLOAD N
  event N      N tasks wait on one Event; then it is set and every task is
               awaited: seconds to release and await all, and resident
               memory per waiting task
  sleeps N     N tasks each sleep random milliseconds (0-99) in a loop for
               two seconds of the real clock: wake-ups per second, and
               lateness (actual minus requested wake time) p50/p99 in ms
  gather N     gather of N coroutines that return at once: seconds
  wait_for N   N wait_for calls whose timeout does not fire, then N whose
               timeout fires (1 ms): microseconds per call, each kind
  apis N       CPython's APIs beyond MicroPython's: N items through a
               Queue(64) from a producer to a consumer; a chain of N
               call_soon callbacks; N tasks in a TaskGroup; microseconds
               per item, callback and task
"""

import asyncio
import json
import random
import sys
import time

if not hasattr(asyncio, "sleep_ms"):
    asyncio.sleep_ms = lambda ms: asyncio.sleep(ms / 1000)

clock = time.perf_counter


def rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096


async def event(n):
    evt = asyncio.Event()

    async def waiter():
        await evt.wait()

    before = rss_bytes()
    tasks = [asyncio.create_task(waiter()) for _ in range(n)]
    await asyncio.sleep(0)  # every task runs and parks on the event
    during = rss_bytes()
    started = clock()
    evt.set()
    for task in tasks:
        await task
    return {"release_s": clock() - started, "bytes_per_task": (during - before) / n}


async def sleeps(n):
    lateness = []
    wakes = 0
    stop_at = clock() + 2.0
    rng = random.Random(1)

    async def sleeper():
        nonlocal wakes
        while clock() < stop_at:
            ms = rng.randrange(100)
            started = clock()
            await asyncio.sleep_ms(ms)
            lateness.append((clock() - started) * 1000 - ms)
            wakes += 1

    started = clock()
    await asyncio.gather(*[sleeper() for _ in range(n)])
    elapsed = clock() - started
    lateness.sort()
    pick = lambda q: lateness[min(len(lateness) - 1, int(q * len(lateness)))]
    return {"wakes_per_s": wakes / elapsed, "late_p50_ms": pick(0.5), "late_p99_ms": pick(0.99)}


async def gather(n):
    async def short(i):
        return i

    started = clock()
    results = await asyncio.gather(*[short(i) for i in range(n)])
    elapsed = clock() - started
    assert results[-1] == n - 1
    return {"gather_s": elapsed}


async def wait_for(n):
    async def quick():
        return 1

    async def slow():
        await asyncio.sleep(10)

    started = clock()
    for _ in range(n):
        await asyncio.wait_for(quick(), 1)
    not_fired = (clock() - started) / n
    started = clock()
    for _ in range(n):
        try:
            await asyncio.wait_for(slow(), 0.001)
        except asyncio.TimeoutError:
            pass
    fired = (clock() - started) / n
    return {"not_fired_us": not_fired * 1e6, "fired_us": fired * 1e6}


async def apis(n):
    queue = asyncio.Queue(64)

    async def producer():
        for i in range(n):
            await queue.put(i)

    async def consumer():
        for _ in range(n):
            await queue.get()
            queue.task_done()

    started = clock()
    await asyncio.gather(producer(), consumer())
    queue_s = clock() - started

    loop = asyncio.get_running_loop()
    finished = loop.create_future()

    def step(left):
        if left:
            loop.call_soon(step, left - 1)
        else:
            finished.set_result(None)

    started = clock()
    loop.call_soon(step, n)
    await finished
    call_soon_s = clock() - started

    async def short():
        await asyncio.sleep(0)

    started = clock()
    async with asyncio.TaskGroup() as group:
        for _ in range(n):
            group.create_task(short())
    taskgroup_s = clock() - started
    return {"queue_us": queue_s / n * 1e6, "call_soon_us": call_soon_s / n * 1e6,
            "taskgroup_us": taskgroup_s / n * 1e6}


WORKLOADS = {"event": event, "sleeps": sleeps, "gather": gather, "wait_for": wait_for,
             "apis": apis}
name, n = sys.argv[1], int(sys.argv[2])
print(json.dumps(asyncio.run(WORKLOADS[name](n))))
