"""CPython's task helpers that MicroPython lacks: ensure_future, shield
and as_completed, built on Future and the native tasks' done callbacks."""

from _collections import deque

import _pinloop_asyncio as _core
from _pinloop_asyncio import CancelledError, Event, create_task

from .coroutines import iscoroutine
from .futures import Future, isfuture


async def _await(aw):
    return await aw


def ensure_future(obj, *, loop=None):
    """obj if it is a Future or Task; a new task for a coroutine or any
    other awaitable."""
    if isfuture(obj):
        return obj
    if iscoroutine(obj):
        return create_task(obj)
    if hasattr(obj, "__await__") or hasattr(obj, "__iter__"):
        return create_task(_await(obj))
    raise TypeError(
        "An asyncio.Future, a coroutine or an awaitable is required, not {}".format(
            type(obj).__name__
        )
    )


def shield(arg):
    """An awaitable for arg's outcome that, when cancelled, leaves arg
    running: the awaiting task is cancelled, arg is not."""
    inner = ensure_future(arg)
    if inner.done():
        return inner
    outer = Future()

    def inner_done(inner):
        if outer.cancelled():
            if not inner.cancelled():
                inner.exception()  # retrieved: nobody will see it now
            return
        if inner.cancelled():
            outer.cancel()
            return
        exc = inner.exception()
        if exc is not None:
            outer.set_exception(exc)
        else:
            outer.set_result(inner.result())

    def outer_done(outer):
        if not inner.done():
            inner.remove_done_callback(inner_done)

    inner.add_done_callback(inner_done)
    outer.add_done_callback(outer_done)
    return outer


def as_completed(fs, *, timeout=None):
    """An iterator of awaitables, one per awaitable in fs; each gives the
    next outcome to arrive. After timeout seconds the rest raise
    TimeoutError. As in CPython, nothing starts before the first next()."""
    if isfuture(fs) or iscoroutine(fs):
        raise TypeError(
            "expect an iterable of futures, not {}".format(type(fs).__name__)
        )
    todo = {ensure_future(f) for f in set(fs)}
    finished = deque()  # futures in the order they finished; None: timed out
    arrived = Event()
    timer = None

    def on_done(f):
        todo.discard(f)
        finished.append(f)
        arrived.set()
        if not todo and timer is not None:
            timer.cancel()

    def on_timeout():
        for f in todo:
            f.remove_done_callback(on_done)
        finished.append(None)
        todo.clear()
        arrived.set()

    for f in todo:
        f.add_done_callback(on_done)
    if todo and timeout is not None:
        timer = _core.call_later(timeout, on_timeout)

    async def next_outcome():
        while not finished:
            arrived.clear()
            await arrived.wait()
        f = finished.popleft()
        if f is None:
            finished.append(None)  # every later one times out too
            raise TimeoutError
        return f.result()

    for _ in range(len(todo)):
        yield next_outcome()
