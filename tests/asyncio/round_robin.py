# pinloop: --clock virtual
# One time-ordered queue: sleep(0) goes behind every task already due,
# overdue sleepers included; equal deadlines run in arrival order. busy
# blocks the loop for 20 ms: s10 (due at 10) is then overdue and runs before
# busy's sleep(0) (due at 20), and s0, which slept 0 at 20 after busy, runs
# after it; t10 only starts its 10 ms sleep at 20.
import asyncio
import time


async def busy(name):
    # Runs 20 ms of blocking work (time.sleep_ms moves the virtual clock).
    time.sleep_ms(20)
    print(name, "worked until", time.ticks_ms())
    await asyncio.sleep(0)
    print(name, "resumed at", time.ticks_ms())


async def sleeper(name, ms):
    await asyncio.sleep_ms(ms)
    print(name, "woke at", time.ticks_ms())


async def main():
    asyncio.create_task(sleeper("s10", 10))
    asyncio.create_task(busy("busy"))
    asyncio.create_task(sleeper("s0", 0))
    asyncio.create_task(sleeper("t10", 10))
    await asyncio.sleep_ms(100)


asyncio.run(main())
