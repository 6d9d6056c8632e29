# Real clock: every one of many short wait_for timeouts is a TimeoutError
# (the runner task always starts before the timeout can fire, however the
# milliseconds fall), and the target is cancelled each time.
import asyncio

cancelled = 0


async def slow():
    global cancelled
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        cancelled += 1
        raise


async def main():
    timeouts = 0
    for _ in range(400):
        try:
            await asyncio.wait_for(slow(), 0.001)
        except asyncio.TimeoutError:
            timeouts += 1
    print(timeouts, "timeouts,", cancelled, "targets cancelled")


asyncio.run(main())
