# pinloop: --clock virtual
# Our stand-in `primitives` package (test support for the tutorial's
# examples): WaitAny, WaitAll, Barrier with a callback and trigger(),
# Delay_ms retriggered, stopped and run out. Expected output reasoned from
# the tutorial's descriptions.
import asyncio
import time

from primitives import Barrier, Delay_ms, WaitAll, WaitAny

start = time.ticks_ms()


def now():
    return time.ticks_diff(time.ticks_ms(), start)


async def set_later(event, ms):
    await asyncio.sleep_ms(ms)
    event.set()


async def member(name, barrier, ms):
    await asyncio.sleep_ms(ms)
    print(name, "reaches the barrier at", now())
    await barrier
    print(name, "passes at", now())


async def main():
    evt1, evt2 = asyncio.Event(), asyncio.Event()
    asyncio.create_task(set_later(evt1, 30))
    asyncio.create_task(set_later(evt2, 10))
    print("WaitAny:", (await WaitAny((evt1, evt2)).wait()) is evt2, now())
    await WaitAll((evt1, evt2)).wait()
    print("WaitAll at", now())

    barrier = Barrier(3, print, ("callback runs",))
    tasks = [asyncio.create_task(member(n, barrier, ms)) for n, ms in (("a", 10), ("b", 40))]
    await asyncio.sleep_ms(20)
    print("busy:", barrier.busy())
    barrier.trigger()  # the third participant passes without waiting
    print("triggered at", now(), "busy:", barrier.busy())
    await asyncio.gather(*tasks)
    print("busy:", barrier.busy(), "result:", barrier.result())

    fired = []
    delay = Delay_ms(lambda tag: fired.append((tag, now())) or tag, ("timeout",), 100)
    delay.trigger()
    for _ in range(3):
        await asyncio.sleep_ms(60)
        delay.trigger()  # retriggered before it runs out
    print("running:", delay(), fired)
    await delay.wait()
    print("ran out:", fired, delay.running(), delay.rvalue())
    delay.trigger(50)
    await asyncio.sleep_ms(20)
    delay.stop()
    await asyncio.sleep_ms(100)
    print("stopped:", fired, delay.running())


asyncio.run(main())
