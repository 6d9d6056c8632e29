"""IRQ latency on the real clock, for scripts/bench. Prints one JSON line:
p50/p99/max in microseconds over N edges.

usage: pinloop --board scripts/workloads/irq_board.toml irq_latency.py hard|flag N
       python3 irq_latency.py flag N

  hard  from the moment the board's clock thread sends an edge of pin EDGE
        to the first bytecode of its hard handler, while the main program
        spins in a Python loop
  flag  from that moment to the resumption of a task waiting on a
        ThreadSafeFlag the handler sets, with 100 other tasks looping on
        sleep_ms(0). CPython's analogue: a thread calls
        loop.call_soon_threadsafe(event.set) every millisecond; measured
        from that call to the waiting task's resumption.
"""

import asyncio
import json
import sys
import time

mode, n = sys.argv[1], int(sys.argv[2])
# No edge for this long: the board's stimuli have ended.
QUIET_MS = 200


def summary(samples):
    samples = sorted(samples)
    pick = lambda q: samples[min(len(samples) - 1, int(q * len(samples)))]
    return {"p50_us": pick(0.5), "p99_us": pick(0.99), "max_us": samples[-1], "n": len(samples)}


async def spinner():
    while True:
        await asyncio.sleep_ms(0)


def on_pinloop():
    import machine
    from machine import Pin

    pin = Pin("EDGE", Pin.IN)
    samples = []
    both = Pin.IRQ_RISING | Pin.IRQ_FALLING
    if mode == "hard":

        def handler(p):
            samples.append(time.ticks_diff(time.ticks_us(), machine._edge_sent_ticks_us()))

        pin.irq(handler, both, hard=True)
        # Edges the board sent before the handler was attached (start-up
        # slower than the stimuli's 50 ms) are never counted: stop when
        # edges stop coming, not only at n.
        spins = 0
        seen, last_change = 0, time.ticks_ms()
        while len(samples) < n:
            spins += 1
            if spins & 4095 == 0:
                if len(samples) != seen:
                    seen, last_change = len(samples), time.ticks_ms()
                elif time.ticks_diff(time.ticks_ms(), last_change) > QUIET_MS:
                    break
        pin.irq(None)
        return summary(samples)

    flag = asyncio.ThreadSafeFlag()
    sent = [0]
    edges = [0]

    def handler(p):
        sent[0] = machine._edge_sent_ticks_us()
        edges[0] += 1
        flag.set()

    pin.irq(handler, both, hard=True)

    async def main():
        for _ in range(100):
            asyncio.create_task(spinner())
        # Edges that come while the waiter has not run yet set the flag
        # once: count edges, not wake-ups.
        ended = [False]

        async def watch_for_the_end():
            seen = -1
            while seen != edges[0]:
                seen = edges[0]
                await asyncio.sleep_ms(QUIET_MS)
            ended[0] = True  # the board's edges have ended
            flag.set()

        asyncio.create_task(watch_for_the_end())
        while edges[0] < n:
            await flag.wait()
            if ended[0]:
                break
            samples.append(time.ticks_diff(time.ticks_us(), sent[0]))

    asyncio.run(main())
    pin.irq(None)
    return summary(samples)


def on_cpython():
    import threading

    samples = []
    sent = [0.0]

    async def main():
        loop = asyncio.get_running_loop()
        event = asyncio.Event()
        done = threading.Event()

        def edges():
            while not done.is_set():
                time.sleep(0.001)
                sent[0] = time.perf_counter()
                loop.call_soon_threadsafe(event.set)

        for _ in range(100):
            asyncio.create_task(spinner())
        thread = threading.Thread(target=edges, daemon=True)
        thread.start()
        while len(samples) < n:
            await event.wait()
            event.clear()
            samples.append((time.perf_counter() - sent[0]) * 1e6)
        done.set()

    asyncio.sleep_ms = lambda ms: asyncio.sleep(ms / 1000)
    asyncio.run(main())
    return summary(samples)


result = on_pinloop() if sys.implementation.name == "micropython" else on_cpython()
print(json.dumps(result))
