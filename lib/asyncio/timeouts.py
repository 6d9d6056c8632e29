"""CPython 3.11's timeout context managers: `async with timeout(delay):`
cancels the task when the deadline passes and turns the cancellation into
TimeoutError on the way out of the block."""

import _pinloop_asyncio as _core
from _pinloop_asyncio import CancelledError, current_task

_CREATED = "created"
_ENTERED = "active"
_EXPIRING = "expiring"
_EXPIRED = "expired"
_EXITED = "finished"


class Timeout:
    """A deadline, in loop.time() seconds (None: none), over an
    `async with` block."""

    def __init__(self, when):
        self._state = _CREATED
        self._when = when
        self._timer = None
        self._task = None

    def __repr__(self):
        when = "" if self._state != _ENTERED else " when={}".format(self._when)
        return "<Timeout [{}]{}>".format(self._state, when)

    def when(self):
        return self._when

    def reschedule(self, when):
        """Moves the deadline (None: removes it)."""
        if self._state == _CREATED:
            raise RuntimeError("Timeout has not been entered")
        if self._state != _ENTERED:
            raise RuntimeError("Cannot change state of {} Timeout".format(self._state))
        self._when = when
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if when is not None:
            self._timer = _core.call_at(when, self._expire)

    def expired(self):
        """Whether the deadline passed inside the block."""
        return self._state in (_EXPIRING, _EXPIRED)

    async def __aenter__(self):
        if self._state != _CREATED:
            raise RuntimeError("Timeout has already been entered")
        self._task = current_task()
        self._state = _ENTERED
        self.reschedule(self._when)
        return self

    async def __aexit__(self, exc_type, exc, tb):
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._state == _EXPIRING:
            self._state = _EXPIRED
            if exc_type is not None and issubclass(exc_type, CancelledError):
                raise TimeoutError from exc
        elif self._state == _ENTERED:
            self._state = _EXITED
        return None

    def _expire(self):
        self._timer = None
        self._state = _EXPIRING
        self._task.cancel()


def timeout(delay):
    """A Timeout delay seconds from now (None: no deadline)."""
    return Timeout(None if delay is None else _core.time() + delay)


def timeout_at(when):
    """A Timeout at loop.time() `when` (None: no deadline)."""
    return Timeout(when)
