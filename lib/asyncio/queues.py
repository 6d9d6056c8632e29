"""CPython's asyncio queues (MicroPython has none): Queue, LifoQueue,
PriorityQueue, QueueEmpty, QueueFull, with CPython's documented behaviour.
Waiting getters and putters queue in arrival order on Events."""

import heapq
from _collections import deque

from _pinloop_asyncio import CancelledError, Event


class QueueEmpty(Exception):
    """Raised by get_nowait() on an empty queue."""


class QueueFull(Exception):
    """Raised by put_nowait() on a full queue."""


def _wake_first(waiters):
    while waiters:
        waiter = waiters.popleft()
        if not waiter.is_set():
            waiter.set()
            return


class Queue:
    """A FIFO queue. maxsize <= 0 means unbounded."""

    def __init__(self, maxsize=0):
        self._maxsize = maxsize
        self._getters = deque()
        self._putters = deque()
        self._unfinished = 0
        self._finished = Event()
        self._finished.set()
        self._init()

    # The storage; LifoQueue and PriorityQueue change these four.
    def _init(self):
        self._items = deque()

    def _put(self, item):
        self._items.append(item)

    def _get(self):
        return self._items.popleft()

    def _size(self):
        return len(self._items)

    def __repr__(self):
        # CPython's format: what is there beyond maxsize, only when there.
        parts = ["maxsize={!r}".format(self._maxsize)]
        if self._size():
            parts.append("_queue={!r}".format(list(self._items)))
        getters = sum(1 for e in self._getters if not e.is_set())
        putters = sum(1 for e in self._putters if not e.is_set())
        if getters:
            parts.append("_getters[{}]".format(getters))
        if putters:
            parts.append("_putters[{}]".format(putters))
        if self._unfinished:
            parts.append("tasks={}".format(self._unfinished))
        return "<{} {}>".format(type(self).__name__, " ".join(parts))

    @property
    def maxsize(self):
        return self._maxsize

    def qsize(self):
        return self._size()

    def empty(self):
        return self._size() == 0

    def full(self):
        return 0 < self._maxsize <= self._size()

    async def _wait_in(self, waiters, ready):
        while not ready():
            waiter = Event()
            waiters.append(waiter)
            try:
                await waiter.wait()
            except CancelledError:
                try:
                    waiters.remove(waiter)
                except ValueError:
                    pass
                if waiter.is_set() and ready():
                    _wake_first(waiters)  # pass the wake-up on
                raise

    async def put(self, item):
        """Waits while the queue is full, then adds item."""
        await self._wait_in(self._putters, lambda: not self.full())
        self.put_nowait(item)

    def put_nowait(self, item):
        if self.full():
            raise QueueFull
        self._put(item)
        self._unfinished += 1
        self._finished.clear()
        _wake_first(self._getters)

    async def get(self):
        """Waits while the queue is empty, then removes and returns an item."""
        await self._wait_in(self._getters, lambda: not self.empty())
        return self.get_nowait()

    def get_nowait(self):
        if self.empty():
            raise QueueEmpty
        item = self._get()
        _wake_first(self._putters)
        return item

    def task_done(self):
        """Marks one item taken with get() as processed."""
        if self._unfinished <= 0:
            raise ValueError("task_done() called too many times")
        self._unfinished -= 1
        if self._unfinished == 0:
            self._finished.set()

    async def join(self):
        """Waits until every item put has been marked done."""
        if self._unfinished > 0:
            await self._finished.wait()


class LifoQueue(Queue):
    """A queue that returns the most recently added item first."""

    def _init(self):
        self._items = []

    def _get(self):
        return self._items.pop()


class PriorityQueue(Queue):
    """A queue that returns the smallest item first (heapq order)."""

    def _init(self):
        self._items = []

    def _put(self, item):
        heapq.heappush(self._items, item)

    def _get(self):
        return heapq.heappop(self._items)
