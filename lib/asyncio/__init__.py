"""asyncio for pinloop: MicroPython's asyncio API, and the parts of CPython's
that make sense without transports, over the native scheduler in
_pinloop_asyncio (Task, sleeps, Event, Lock, ThreadSafeFlag, callbacks and
the loop itself are native). What is here is clearer in Python and off the
hot path: gather, wait_for, wait and the Loop object; CPython's primitives
and helpers are in the submodules, imported on first use."""

import sys

import _pinloop_asyncio as _core
from _pinloop_asyncio import (
    CancelledError,
    Event,
    Handle,
    InvalidStateError,
    Lock,
    Task,
    ThreadSafeFlag,
    create_task,
    current_task,
    sleep,
    sleep_ms,
)

# First in the file, so its line in tracebacks stays put when the rest of
# the module grows (tests compare tracebacks through it).
def run(coro):
    """Runs coro as the main task until it finishes; returns its result or
    raises its exception. Other tasks stay queued, as in MicroPython."""
    return _core.run_until_complete(create_task(coro))


def run_until_complete(main_task=None):
    """MicroPython's module-level scheduler entry: runs until main_task
    ends (its result, or its exception raised), or with no task until no
    task is left to run or wait on I/O."""
    if main_task is None:
        return _core.run_until_idle()
    return _core.run_until_complete(_promote(main_task))


# The builtin, as in CPython 3.11: `except asyncio.TimeoutError` and
# `except TimeoutError` both work.
TimeoutError = TimeoutError

# CPython's primitives, loaded on first use so scripts that do not use
# them do not pay for importing them.
_LAZY = {
    "Queue": "queues",
    "LifoQueue": "queues",
    "PriorityQueue": "queues",
    "QueueEmpty": "queues",
    "QueueFull": "queues",
    "Semaphore": "locks",
    "BoundedSemaphore": "locks",
    "Condition": "locks",
    "Barrier": "locks",
    "BrokenBarrierError": "locks",
    "Future": "futures",
    "isfuture": "futures",
    "ensure_future": "tasks",
    "shield": "tasks",
    "as_completed": "tasks",
    "TaskGroup": "taskgroups",
    "Timeout": "timeouts",
    "timeout": "timeouts",
    "timeout_at": "timeouts",
    "Stream": "stream",
    "StreamReader": "stream",
    "StreamWriter": "stream",
    "open_connection": "stream",
    "start_server": "stream",
    "Server": "stream",
    "iscoroutine": "coroutines",
    "iscoroutinefunction": "coroutines",
}


def __getattr__(name):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError("module 'asyncio' has no attribute '{}'".format(name))
    value = getattr(__import__("asyncio." + module, None, None, [name]), name)
    globals()[name] = value
    return value


FIRST_COMPLETED = "FIRST_COMPLETED"
FIRST_EXCEPTION = "FIRST_EXCEPTION"
ALL_COMPLETED = "ALL_COMPLETED"


def _promote(aw):
    """A task for an awaitable: tasks as they are, coroutines wrapped."""
    if _core._is_task(aw):
        return aw
    if hasattr(aw, "send"):
        return create_task(aw)
    return create_task(_await(aw))


async def _await(aw):
    return await aw


class Loop:
    """The event loop. There is one; its exception handler is kept on the
    class, so it survives new_event_loop()."""

    _exc_handler = None

    def create_task(self, coro, *, name=None, context=None):
        return create_task(coro, name=name)

    def create_future(self):
        from asyncio.futures import Future

        return Future()

    def time(self):
        """Seconds of the loop's clock (the virtual one under --clock
        virtual)."""
        return _core.time()

    def call_soon(self, callback, *args, context=None):
        return _core.call_soon(callback, *args)

    def call_later(self, delay, callback, *args, context=None):
        return _core.call_later(delay, callback, *args)

    def call_at(self, when, callback, *args, context=None):
        return _core.call_at(when, callback, *args)

    def is_running(self):
        return _core._running()

    def is_closed(self):
        return False

    def run_forever(self):
        _core.run_forever()

    def run_until_complete(self, aw):
        return _core.run_until_complete(_promote(aw))

    def stop(self):
        _core.stop()

    def close(self):
        pass

    def set_exception_handler(self, handler):
        Loop._exc_handler = handler

    def get_exception_handler(self):
        return Loop._exc_handler

    def default_exception_handler(self, context):
        print(context["message"], file=sys.stderr)
        future = context.get("future")
        if future is not None:
            # MicroPython's report names the task as its repr does there.
            shown = "<Task>" if isinstance(future, Task) else future
            print("future:", shown, "coro=", future.coro, file=sys.stderr)
        exception = context.get("exception")
        if exception is not None:
            sys.print_exception(exception, sys.stderr)

    def call_exception_handler(self, context):
        handler = Loop._exc_handler
        if handler is None:
            self.default_exception_handler(context)
        else:
            handler(self, context)


_loop = Loop()
_core.set_loop(_loop)


def get_event_loop(*args, **kwargs):
    return _loop


def get_running_loop():
    """The loop, from inside a task or callback; RuntimeError elsewhere."""
    if not _core._running():
        raise RuntimeError("no running event loop")
    return _loop


def all_tasks(loop=None):
    """The set of tasks not yet finished."""
    return _core.all_tasks()


def new_event_loop():
    """Drops every queued task and returns the (one) loop."""
    _core.reset()
    return _loop


async def gather(*aws, return_exceptions=False):
    """Runs the awaitables as tasks and returns their results in order. The
    first exception is raised at once (the other tasks run on) unless
    return_exceptions; cancelling the gather cancels the unfinished tasks."""
    tasks = []
    for aw in aws:
        if _core._is_task(aw) and aw._is_awaited():
            raise RuntimeError("can't gather")
        tasks.append(_promote(aw))
    state = {"left": len(tasks), "error": None}
    finished = Event()

    def on_done(task, exc):
        state["left"] -= 1
        if exc is not None and not return_exceptions and state["error"] is None:
            state["error"] = exc
            finished.set()
        elif state["left"] == 0:
            finished.set()

    for task in tasks:
        if task.done():
            on_done(task, task.data if _failed(task) else None)
        else:
            task._on_done(on_done, True)
    try:
        if state["left"] and state["error"] is None:
            try:
                await finished.wait()
            except CancelledError:
                for task in tasks:
                    if not task.done():
                        task.cancel()
                raise
    finally:
        # Tasks still running may be awaited again once the gather is over.
        for task in tasks:
            task._ungather()
    if state["error"] is not None:
        raise state["error"]
    results = []
    for task in tasks:
        try:
            results.append(task.result())
        except BaseException as exc:
            results.append(exc)
    return results


def _failed(task):
    try:
        task.result()
    except BaseException:
        return True
    return False


async def wait_for(aw, timeout):
    """Awaits aw for at most timeout seconds, then cancels it and raises
    TimeoutError (MicroPython's algorithm, below)."""
    if timeout is None:
        return await aw
    return await _wait_for(aw, sleep, timeout)


async def wait_for_ms(aw, timeout):
    """wait_for with the timeout in milliseconds."""
    if timeout is None:
        return await aw
    return await _wait_for(aw, sleep_ms, timeout)


async def _wait_for(aw, sleeper, timeout):
    # As MicroPython's extmod/asyncio/funcs.py: the caller sleeps for the
    # timeout while a runner task awaits aw. If aw ends first, the runner
    # hands its outcome over and cancels the sleep; if the sleep ends
    # first, the runner is cancelled (which reaches aw, the task it
    # awaits) and TimeoutError is raised even if aw swallows the
    # cancellation; cancelling the caller lands in its sleep, and is passed
    # on to aw. A first delay checks the timeout, so a bad one raises here
    # before aw starts; the one awaited is made after the runner, so its
    # deadline (whole milliseconds) cannot come before the runner's first
    # step. A result makes each an object of its own, not the shared sleep.
    sleeper(timeout, True)
    target = _promote(aw)
    waiter = current_task()
    sleeping = [True]
    outcome = []

    async def runner():
        try:
            result = await target
            status = True
        except BaseException as exc:
            result = None
            status = exc
        if sleeping[0] and not outcome and not waiter._throw_pending():
            outcome.extend((status, result))
            # Marked as ours: a cancellation from outside that comes before
            # the waiter runs replaces it, and wins, as in MicroPython.
            waiter.cancel(outcome)

    runner_task = create_task(runner())
    delay = sleeper(timeout, True)
    try:
        await delay
    except CancelledError as exc:
        sleeping[0] = False
        if not (exc.args and exc.args[0] is outcome):
            # Cancelled from outside: cancel aw too, and end as cancelled.
            runner_task.cancel()
            raise
        status, result = outcome
        if status is True:
            return result
        raise status
    sleeping[0] = False
    runner_task.cancel()
    await runner_task
    raise TimeoutError


async def wait(aws, *, timeout=None, return_when=ALL_COMPLETED):
    """CPython's asyncio.wait: runs the awaitables as tasks until
    return_when holds or timeout seconds pass; returns (done, pending)."""
    if return_when not in (FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED):
        raise ValueError("Invalid return_when value: {}".format(return_when))
    tasks = {_promote(aw) for aw in aws}
    if not tasks:
        raise ValueError("Set of Tasks/Futures is empty.")
    ready = Event()

    def satisfied():
        done = [t for t in tasks if t.done()]
        if return_when == FIRST_COMPLETED:
            return bool(done)
        if return_when == FIRST_EXCEPTION and any(_failed(t) for t in done):
            return True
        return len(done) == len(tasks)

    def on_done(task, exc):
        if satisfied():
            ready.set()

    for task in tasks:
        if not task.done():
            task._on_done(on_done)
    timer = None
    if not satisfied():
        if timeout is not None:

            async def expire():
                await sleep(timeout)
                ready.set()

            timer = create_task(expire())
        try:
            await ready.wait()
        finally:
            if timer is not None and not timer.done():
                timer.cancel()
    done = {t for t in tasks if t.done()}
    return done, tasks - done
