# Python subclasses of the native asyncio classes (threadsafe.Message
# subclasses Event, as packages written for boards do): their own __init__
# arguments, overridden methods calling the native ones, use in tasks.
import asyncio

class CountingEvent(asyncio.Event):
    def __init__(self, name):
        super().__init__()
        self.name = name
        self.sets = 0

    def set(self):
        self.sets += 1
        super().set()

class Gate(asyncio.Lock):
    pass

class Flag(asyncio.ThreadSafeFlag):
    def __init__(self):
        super().__init__()
        self.payload = None

    def send(self, payload):
        self.payload = payload
        self.set()

async def waiter(event):
    await event.wait()
    print("waiter released by", event.name, event.sets)

async def main():
    event = CountingEvent("door")
    asyncio.create_task(waiter(event))
    await asyncio.sleep(0)
    event.set()
    await asyncio.sleep(0)
    print(isinstance(event, asyncio.Event), type(event).__name__)
    gate = Gate()
    async with gate:
        print("locked", gate.locked())
    flag = Flag()
    flag.send(42)
    await flag.wait()
    print("flag payload", flag.payload)

asyncio.run(main())
try:
    asyncio.Event(1)
except TypeError as exc:
    print("TypeError", exc)
