"""CPython's asyncio.Future (MicroPython has none): a result set later by
somebody else, awaitable by tasks, with done callbacks queued on the loop.
Tasks waiting on a future park on an Event of its own, made on the first
await, so a future nobody awaits costs no more than its attributes."""

import _pinloop_asyncio as _core
from _pinloop_asyncio import CancelledError, Event, InvalidStateError

_PENDING = "PENDING"
_CANCELLED = "CANCELLED"
_FINISHED = "FINISHED"


class Future:
    """A placeholder for a result: pending, then finished (with a result or
    an exception) or cancelled."""

    def __init__(self, *, loop=None):
        self._state = _PENDING
        self._result = None
        self._exception = None
        self._cancel_message = None
        self._callbacks = []
        self._waiting = None  # the Event awaiting tasks park on

    def __repr__(self):
        if self._state == _CANCELLED:
            return "<Future cancelled>"
        if self._state == _PENDING:
            return "<Future pending>"
        if self._exception is not None:
            return "<Future finished exception={!r}>".format(self._exception)
        return "<Future finished result={!r}>".format(self._result)

    def get_loop(self):
        return _core._loop_object()

    def done(self):
        return self._state != _PENDING

    def cancelled(self):
        return self._state == _CANCELLED

    def result(self):
        if self._state == _CANCELLED:
            raise self._cancelled_error()
        if self._state == _PENDING:
            raise InvalidStateError("Result is not ready: await the future first")
        if self._exception is not None:
            raise self._exception
        return self._result

    def exception(self):
        if self._state == _CANCELLED:
            raise self._cancelled_error()
        if self._state == _PENDING:
            raise InvalidStateError("Exception is not set: await the future first")
        return self._exception

    def set_result(self, result):
        self._require_pending()
        self._result = result
        self._finish(_FINISHED)

    def set_exception(self, exception):
        self._require_pending()
        if isinstance(exception, type):
            exception = exception()
        if type(exception) is StopIteration:
            raise TypeError(
                "StopIteration interacts badly with generators and cannot be "
                "raised into a Future"
            )
        self._exception = exception
        self._finish(_FINISHED)

    def cancel(self, msg=None):
        """Cancels a pending future; False if it was already done."""
        if self._state != _PENDING:
            return False
        self._cancel_message = msg
        self._finish(_CANCELLED)
        return True

    def add_done_callback(self, fn, *, context=None):
        """fn(future) is queued on the loop when the future is done (at once
        if it is)."""
        if self._state != _PENDING:
            _core.call_soon(fn, self)
        else:
            self._callbacks.append(fn)

    def remove_done_callback(self, fn):
        kept = [f for f in self._callbacks if f != fn]
        removed = len(self._callbacks) - len(kept)
        self._callbacks = kept
        return removed

    def __await__(self):
        if self._state == _PENDING:
            if self._waiting is None:
                self._waiting = Event()
            try:
                yield from self._waiting.wait()
            except CancelledError:
                # As in CPython: cancelling the task awaiting a future
                # cancels the future.
                self.cancel()
                raise
        return self.result()

    __iter__ = __await__

    def _require_pending(self):
        if self._state != _PENDING:
            raise InvalidStateError(
                "{}: {!r} is already done; a future's outcome is set once".format(
                    self._state, self
                )
            )

    def _finish(self, state):
        self._state = state
        callbacks, self._callbacks = self._callbacks, []
        for fn in callbacks:
            _core.call_soon(fn, self)
        if self._waiting is not None:
            self._waiting.set()

    def _cancelled_error(self):
        if self._cancel_message is None:
            return CancelledError()
        return CancelledError(self._cancel_message)


def isfuture(obj):
    """Whether obj is a Future or a Task."""
    return isinstance(obj, Future) or _core._is_task(obj)
