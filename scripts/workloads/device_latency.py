"""Stream latency of a Python ioctl device (scripts/bench device): the
device turns readable at a set time; a reader awaiting StreamReader.read(1)
measures how late it resumes, while 100 tasks loop on sleep_ms(0). Real
clock. argv: `normal` or `low_latency` (the device sets low_latency = True,
so its waiter runs next instead of behind the round of due tasks)."""

import asyncio
import io
import json
import sys
import time

FAST = len(sys.argv) > 1 and sys.argv[1] == "low_latency"
N = int(sys.argv[2]) if len(sys.argv) > 2 else 2000


class Device(io.IOBase):
    low_latency = FAST

    def __init__(self):
        self.due = None

    def ioctl(self, req, arg):
        if req == 3 and self.due is not None and time.ticks_diff(time.ticks_us(), self.due) >= 0:
            return arg & 1
        return 0

    def read(self, n):
        self.due = None
        return b"x"


async def spinner(stop):
    while not stop:
        await asyncio.sleep_ms(0)


async def measure():
    stop = []
    spinners = [asyncio.create_task(spinner(stop)) for _ in range(100)]
    device = Device()
    reader = asyncio.StreamReader(device)
    late = []
    for i in range(N):
        due = time.ticks_add(time.ticks_us(), 200 + (i * 37) % 300)
        device.due = due
        await reader.read(1)
        late.append(time.ticks_diff(time.ticks_us(), due))
    stop.append(True)
    await asyncio.sleep_ms(1)
    late.sort()
    return {"n": N, "p50_us": late[N // 2], "p99_us": late[N * 99 // 100], "max_us": late[-1]}


print(json.dumps(asyncio.run(measure())))
