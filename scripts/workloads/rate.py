"""The tutorial's rate.py workload: N tasks each looping on
`await asyncio.sleep_ms(0)`; counts iterations for a fixed time of the real
clock. Runs unchanged on pinloop and, with a sleep_ms shim, on CPython.
Prints one JSON line.

usage: pinloop|python3 rate.py TASKS SECONDS
"""

import asyncio
import json
import sys
import time

if not hasattr(asyncio, "sleep_ms"):
    asyncio.sleep_ms = lambda ms: asyncio.sleep(ms / 1000)

count = 0


async def spinner():
    global count
    while True:
        await asyncio.sleep_ms(0)
        count += 1


async def main(tasks, seconds):
    for _ in range(tasks):
        asyncio.create_task(spinner())
    await asyncio.sleep(seconds)


tasks, seconds = int(sys.argv[1]), float(sys.argv[2])
started = time.perf_counter()
try:
    asyncio.run(main(tasks, seconds))
except Exception:
    pass
elapsed = time.perf_counter() - started
print(json.dumps({"iterations_per_s": count / elapsed}))
sys.exit(0)
