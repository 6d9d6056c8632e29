# pinloop: --clock virtual --board pyboard
# Our stand-in `threadsafe` package (test support, installed by tutorial
# 0.1's mip lines from the test mirror): a ThreadSafeEvent set by a hard
# interrupt wakes two waiting tasks; a ThreadSafeQueue filled by a timer's
# interrupt handler is drained by `async for`; put_sync on a full queue and
# get_sync on an empty one raise IndexError. Expected output reasoned from
# the package's documentation.
import asyncio
from pyb import Timer
from threadsafe import ThreadSafeEvent, ThreadSafeQueue


async def waiter(name, event):
    await event.wait()
    print(name, "woken; is_set:", event.is_set())


async def main():
    event = ThreadSafeEvent()
    asyncio.create_task(waiter("first", event))
    asyncio.create_task(waiter("second", event))
    timer = Timer(1, freq=10, callback=lambda t: (event.set(), t.deinit()))
    await asyncio.sleep(0.5)

    queue = ThreadSafeQueue(4)
    count = [0]

    def produce(t):
        count[0] += 1
        queue.put_sync(count[0])
        if count[0] == 3:
            t.deinit()

    timer = Timer(1, freq=10, callback=produce)
    received = []
    async for item in queue:
        received.append(item)
        if item == 3:
            break
    print("received", received)

    small = ThreadSafeQueue([0])
    small.put_sync("a")
    for attempt in (lambda: small.put_sync("b"), small.get_sync, small.get_sync):
        try:
            print("got", attempt())
        except IndexError as error:
            print("IndexError:", error)


asyncio.run(main())
