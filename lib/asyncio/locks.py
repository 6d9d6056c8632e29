"""CPython's asyncio Semaphore, BoundedSemaphore, Condition and Barrier
(MicroPython has none), with CPython 3.11's documented behaviour. Semaphore
is native (crates/pinloop-vm/src/asyncio/semaphore.rs: in Python it cost 8x
CPython's per acquire here); Condition and Barrier are Python over the
native Event and Lock."""

from _collections import deque

from _pinloop_asyncio import CancelledError, Event, Lock, Semaphore


class BoundedSemaphore(Semaphore):
    """A Semaphore that may not be released above its initial value."""

    _bounded = True


class Condition:
    """Tasks wait until notified, holding the lock before and after."""

    def __init__(self, lock=None):
        self._lock = Lock() if lock is None else lock
        self._waiters = deque()

    def __repr__(self):
        state = "locked" if self.locked() else "unlocked"
        return "<{} [{}, waiters:{}]>".format(type(self).__name__, state, len(self._waiters))

    def locked(self):
        return self._lock.locked()

    async def acquire(self):
        return await self._lock.acquire()

    def release(self):
        self._lock.release()

    async def __aenter__(self):
        await self._lock.acquire()

    async def __aexit__(self, exc_type, exc, tb):
        self._lock.release()

    async def wait(self):
        """Releases the lock, waits to be notified, takes the lock again."""
        if not self.locked():
            raise RuntimeError("cannot wait on un-acquired lock")
        self.release()
        waiter = Event()
        self._waiters.append(waiter)
        try:
            await waiter.wait()
            return True
        finally:
            try:
                self._waiters.remove(waiter)
            except ValueError:
                pass
            # Take the lock back even when cancelled, as CPython does.
            cancelled = None
            while True:
                try:
                    await self._lock.acquire()
                    break
                except CancelledError as exc:
                    cancelled = exc
            if cancelled is not None:
                raise cancelled

    async def wait_for(self, predicate):
        """Waits until predicate() is true; returns its last value."""
        result = predicate()
        while not result:
            await self.wait()
            result = predicate()
        return result

    def notify(self, n=1):
        if not self.locked():
            raise RuntimeError("cannot notify on un-acquired lock")
        woken = 0
        for waiter in self._waiters:
            if woken >= n:
                break
            if not waiter.is_set():
                waiter.set()
                woken += 1

    def notify_all(self):
        self.notify(len(self._waiters))


class BrokenBarrierError(RuntimeError):
    """The barrier was reset or aborted while tasks waited on it."""


class Barrier:
    """CPython 3.11's Barrier: `parties` tasks meet at wait(), which returns
    each its arrival index (0 to parties-1) once all have arrived."""

    def __init__(self, parties):
        if parties < 1:
            raise ValueError("parties must be > 0")
        self._parties = parties
        self._count = 0  # tasks inside wait() in the current cycle
        self._state = "filling"  # filling, draining, resetting, broken
        self._event = Event()

    def __repr__(self):
        return "<{} [{}, waiters:{}/{}]>".format(
            type(self).__name__, self._state, self.n_waiting, self._parties)

    @property
    def parties(self):
        return self._parties

    @property
    def n_waiting(self):
        return self._count if self._state == "filling" else 0

    @property
    def broken(self):
        return self._state == "broken"

    async def __aenter__(self):
        return await self.wait()

    async def __aexit__(self, *args):
        pass

    async def wait(self):
        """Waits until `parties` tasks have called wait(); returns this
        task's arrival index."""
        while self._state in ("draining", "resetting"):
            await self._event.wait()
        if self._state == "broken":
            raise BrokenBarrierError
        index = self._count
        self._count += 1
        try:
            if self._count == self._parties:
                self._state = "draining"
                self._event.set()
            else:
                while self._state == "filling":
                    await self._event.wait()
                if self._state in ("broken", "resetting"):
                    raise BrokenBarrierError
            return index
        except CancelledError:
            self._break()
            raise
        finally:
            self._count -= 1
            if self._count == 0 and self._state in ("draining", "resetting"):
                self._state = "filling"
                self._event.clear()
                self._event = Event()

    async def reset(self):
        """Breaks the current cycle (waiters get BrokenBarrierError) and
        starts a new one."""
        if self._count > 0:
            if self._state != "resetting":
                self._state = "resetting"
                self._event.set()
        else:
            self._state = "filling"

    async def abort(self):
        """Breaks the barrier: every wait() raises BrokenBarrierError."""
        self._break()

    def _break(self):
        self._state = "broken"
        self._event.set()
