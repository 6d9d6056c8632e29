"""CPython 3.11's TaskGroup: `async with TaskGroup() as tg:` runs the tasks
made with tg.create_task() and waits for all of them on the way out. The
first task to fail cancels the others and the block; the failures come out
together as an ExceptionGroup (SystemExit and KeyboardInterrupt alone)."""

from _pinloop_asyncio import CancelledError, Event, create_task, current_task


def _stops_the_program(exc):
    return isinstance(exc, (SystemExit, KeyboardInterrupt))


class TaskGroup:
    def __init__(self):
        self._entered = False
        self._exiting = False
        self._aborting = False
        self._parent = None
        # The group cancelled the task running the block: the CancelledError
        # that brings is the group's own, not one to pass on.
        self._cancelled_parent = False
        self._tasks = set()
        self._errors = []
        self._fatal = None  # a SystemExit or KeyboardInterrupt
        self._all_done = None  # an Event while __aexit__ waits

    def __repr__(self):
        state = []
        if self._tasks:
            state.append("tasks={}".format(len(self._tasks)))
        if self._errors:
            state.append("errors={}".format(len(self._errors)))
        if self._aborting:
            state.append("cancelling")
        elif self._entered:
            state.append("entered")
        return "<TaskGroup{}>".format("".join(" " + s for s in state))

    async def __aenter__(self):
        if self._entered:
            raise RuntimeError("TaskGroup {!r} has been already entered".format(self))
        self._entered = True
        self._parent = current_task()
        return self

    def create_task(self, coro, *, name=None, context=None):
        if not self._entered:
            raise RuntimeError("TaskGroup {!r} has not been entered".format(self))
        if self._exiting and not self._tasks:
            raise RuntimeError("TaskGroup {!r} is finished".format(self))
        if self._aborting:
            coro.close()
            raise RuntimeError("TaskGroup {!r} is shutting down".format(self))
        task = create_task(coro, name=name)
        if task.done():
            self._on_task_done(task)
        else:
            self._tasks.add(task)
            task.add_done_callback(self._on_task_done)
        return task

    async def __aexit__(self, exc_type, exc, tb):
        self._exiting = True
        cancellation = None  # a CancelledError to pass on
        if exc is not None and _stops_the_program(exc) and self._fatal is None:
            self._fatal = exc
        if exc_type is not None:
            if issubclass(exc_type, CancelledError) and not self._cancelled_parent:
                cancellation = exc
            if not self._aborting:
                self._abort()
        while self._tasks:
            self._all_done = Event()
            try:
                await self._all_done.wait()
            except CancelledError as cancelled:
                # The task running the block was cancelled from outside
                # while it waited here: cancel the group and pass it on.
                if not self._aborting:
                    cancellation = cancelled
                    self._abort()
            self._all_done = None
        if self._fatal is not None:
            raise self._fatal
        if cancellation is not None and not self._errors:
            raise cancellation
        if exc_type is not None and not issubclass(exc_type, CancelledError):
            self._errors.append(exc)
        if self._errors:
            errors, self._errors = self._errors, None
            raise BaseExceptionGroup("unhandled errors in a TaskGroup", errors) from None
        return None

    def _abort(self):
        self._aborting = True
        for task in self._tasks:
            if not task.done():
                task.cancel()

    def _on_task_done(self, task):
        self._tasks.discard(task)
        if self._all_done is not None and not self._tasks:
            self._all_done.set()
        if task.cancelled():
            return
        exc = task.exception()
        if exc is None:
            return
        self._errors.append(exc)
        if _stops_the_program(exc) and self._fatal is None:
            self._fatal = exc
        if self._parent.done():
            return
        if not self._aborting and not self._cancelled_parent:
            # The first failure: cancel the rest, and the block if it still
            # runs (in __aexit__ the wait above is woken by the tasks).
            self._abort()
            self._cancelled_parent = True
            if not self._exiting:
                self._parent.cancel()
