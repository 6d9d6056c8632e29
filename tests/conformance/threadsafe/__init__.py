"""Our stand-in for the tutorial's third-party `threadsafe` package (what
its section 0.1 installs), test support written from the package's
documentation, not from its code: primitives that code outside the loop
(a hard interrupt handler, another thread) may call.

- ThreadSafeEvent: set() from anywhere, wait() from any number of tasks;
  clear() and is_set() as asyncio.Event's.
- ThreadSafeQueue(buf): buf is the capacity (an int) or a list whose length
  is. put_sync(v, block=False) and get_sync(block=False) from anywhere
  (IndexError when full or empty, unless block is set); put() and get()
  are coroutines; the queue is an asynchronous iterator of its items."""

import asyncio


class ThreadSafeEvent:
    def __init__(self):
        self._flag = asyncio.ThreadSafeFlag()
        self._event = asyncio.Event()
        self._relay = None

    async def _forward(self):
        # The one waiter a ThreadSafeFlag allows, fanning out to the Event.
        while True:
            await self._flag.wait()
            self._event.set()

    def set(self):
        self._flag.set()

    def clear(self):
        self._event.clear()

    def is_set(self):
        return self._event.is_set()

    async def wait(self):
        if self._relay is None:
            self._relay = asyncio.create_task(self._forward())
        await self._event.wait()


class ThreadSafeQueue:
    def __init__(self, buf):
        self._size = buf if isinstance(buf, int) else len(buf)
        if self._size < 1:
            raise ValueError("ThreadSafeQueue needs room for at least one item")
        self._items = []
        self._put_flag = asyncio.ThreadSafeFlag()  # set when an item arrives
        self._get_flag = asyncio.ThreadSafeFlag()  # set when room appears

    def qsize(self):
        return len(self._items)

    def empty(self):
        return not self._items

    def full(self):
        return len(self._items) >= self._size

    def put_sync(self, value, block=False):
        while self.full():
            if not block:
                raise IndexError("ThreadSafeQueue is full")
        self._items.append(value)
        self._put_flag.set()

    def get_sync(self, block=False):
        while self.empty():
            if not block:
                raise IndexError("ThreadSafeQueue is empty")
        value = self._items.pop(0)
        self._get_flag.set()
        return value

    async def put(self, value):
        while self.full():
            await self._get_flag.wait()
        self.put_sync(value)

    async def get(self):
        while self.empty():
            await self._put_flag.wait()
        return self.get_sync()

    def __aiter__(self):
        return self

    async def __anext__(self):
        return await self.get()
