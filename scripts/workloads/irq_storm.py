"""An IRQ storm on the real clock (scripts/bench storm).

pinloop: a hard handler on X1 counts edges that a control-socket client
makes as fast as it can (`X1 toggle`, pipelined); the script prints `ready`,
then, once N edges have come, one JSON line: handler calls, resident memory
after the first 10% and at the end. CPython's analogue: a thread calls
loop.call_soon_threadsafe(handler) N times as fast as it can.
"""

import gc
import json
import sys
import time

N = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000


def rss_kib():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


calls = 0
early_rss = None


def count(_=None):
    global calls, early_rss
    calls += 1
    if calls == N // 10:
        early_rss = -1  # measured outside the handler


if sys.implementation.name == "cpython":
    import asyncio
    import threading

    async def main():
        global early_rss
        loop = asyncio.get_running_loop()

        def storm():
            for _ in range(N):
                loop.call_soon_threadsafe(count)

        start = time.perf_counter()
        threading.Thread(target=storm).start()
        while calls < N:
            if early_rss == -1:
                early_rss = rss_kib()
            await asyncio.sleep(0.001)
        return time.perf_counter() - start

    seconds = asyncio.run(main())
else:
    import asyncio
    from machine import Pin

    pin = Pin("X1", Pin.IN)
    pin.irq(count, Pin.IRQ_RISING | Pin.IRQ_FALLING, hard=True)

    async def main():
        global early_rss
        print("ready")
        sys.stdout.flush() if hasattr(sys.stdout, "flush") else None
        start = None
        while calls < N:
            if start is None and calls:
                start = time.ticks_us()
            if early_rss == -1:
                early_rss = rss_kib()
            await asyncio.sleep_ms(1)
        return time.ticks_diff(time.ticks_us(), start) / 1e6

    seconds = asyncio.run(main())

gc.collect()
print(json.dumps({"edges": N, "calls": calls, "seconds": seconds,
                  "rss_early_kib": early_rss, "rss_end_kib": rss_kib()}))
