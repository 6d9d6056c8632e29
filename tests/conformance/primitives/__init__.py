"""Our stand-in for the tutorial's third-party `primitives` package, test
support for the examples that import from it. Written from the tutorial's
descriptions (3.2.1 WaitAny/WaitAll, 3.4 Semaphore, 3.4.1 BoundedSemaphore,
3.5 Queue, 3.7 Barrier, 3.8 Delay_ms) and the package's documentation, not
from its code. The tutorial documents Semaphore, BoundedSemaphore and Queue
as having CPython's asyncio API, so those are pinloop's own."""

import asyncio
import time
from asyncio import BoundedSemaphore, Queue, QueueEmpty, QueueFull, Semaphore

__all__ = [
    "Barrier",
    "BoundedSemaphore",
    "Delay_ms",
    "Queue",
    "QueueEmpty",
    "QueueFull",
    "Semaphore",
    "WaitAll",
    "WaitAny",
]


def _launch(func, args):
    """Calls a callback; a coroutine function's result becomes a Task."""
    result = func(*args)
    if hasattr(result, "send"):
        return asyncio.create_task(result)
    return result


class WaitAny:
    """`await WaitAny(events).wait()` returns the first of the events to be
    set (the logical or of events)."""

    def __init__(self, events):
        self.events = events

    async def wait(self):
        first = []
        arrived = asyncio.Event()

        async def watch(event):
            await event.wait()
            first.append(event)
            arrived.set()

        watchers = [asyncio.create_task(watch(e)) for e in self.events]
        try:
            await arrived.wait()
        finally:
            for watcher in watchers:
                if not watcher.done():
                    watcher.cancel()
        return first[0]


class WaitAll:
    """`await WaitAll(events).wait()` returns once every event is set."""

    def __init__(self, events):
        self.events = events

    async def wait(self):
        for event in self.events:
            await event.wait()


class Barrier:
    """`await barrier` pauses until `participants` coros have reached it (or
    passed it with `trigger()`); then the optional callback runs and they all
    go on. A coroutine callback becomes a Task (see `result()`)."""

    def __init__(self, participants, func=None, args=()):
        self._participants = participants
        self._func = func
        self._args = args
        self._arrived = 0
        self._release = asyncio.Event()
        self._result = None

    def trigger(self):
        """Registers a participant passing the barrier without waiting."""
        self._arrive()

    def _arrive(self):
        self._arrived += 1
        if self._arrived < self._participants:
            return False
        self._arrived = 0
        if self._func is not None:
            self._result = _launch(self._func, self._args)
        release, self._release = self._release, asyncio.Event()
        release.set()
        return True

    def busy(self):
        """True while at least one participant waits."""
        return self._arrived > 0

    def result(self):
        return self._result

    def __await__(self):
        release = self._release
        if not self._arrive():
            yield from release.wait()

    __iter__ = __await__


class Delay_ms:
    """A retriggerable monostable: `trigger()` starts (or restarts) a delay
    of `duration` ms; if it runs out before the next trigger, the callback
    runs and `wait()` returns. `stop()` cancels it without the callback."""

    def __init__(self, func=None, args=(), duration=1000):
        self._func = func
        self._args = args
        self._duration = duration
        self._deadline = None
        self._timer = None
        self._expired = asyncio.Event()
        self._rvalue = None

    def trigger(self, duration=0):
        """(Re)starts the delay: `duration` ms, or the constructor's."""
        ms = duration if duration > 0 else self._duration
        self._deadline = time.ticks_add(time.ticks_ms(), ms)
        self._expired.clear()
        if self._timer is None or self._timer.done():
            self._timer = asyncio.create_task(self._run())

    async def _run(self):
        while self._deadline is not None:
            left = time.ticks_diff(self._deadline, time.ticks_ms())
            if left <= 0:
                break
            await asyncio.sleep_ms(left)
        if self._deadline is None:
            return  # stopped
        self._deadline = None
        if self._func is not None:
            self._rvalue = _launch(self._func, self._args)
        self._expired.set()

    def stop(self):
        self._deadline = None
        if self._timer is not None and not self._timer.done():
            self._timer.cancel()
        self._timer = None

    def running(self):
        return self._deadline is not None

    __call__ = running

    def rvalue(self):
        return self._rvalue

    def callback(self, func=None, args=()):
        self._func = func
        self._args = args

    async def wait(self):
        """Waits for the delay to run out."""
        await self._expired.wait()

    def deinit(self):
        self.stop()
