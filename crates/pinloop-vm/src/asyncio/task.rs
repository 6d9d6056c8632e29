//! Tasks and the loop that runs them, with MicroPython's semantics
//! (DESIGN §3). The loop state lives in a thread-local on the VM thread;
//! no borrow of it, or of a task, is held across a call into Python, so an
//! interrupt handler running between two bytecodes may use any of it.
//!
//! A task waits by being in exactly one place: the time queue (sleeping or
//! due), or the waiter list of what it awaits (another task, an Event, a
//! Lock, a ThreadSafeFlag). The awaitable that suspends a task puts it
//! there before the task yields; the loop itself only resumes what the
//! queue hands out. Queue entries are made stale by a per-task token
//! instead of being removed.

use std::cell::RefCell;

use pinloop_sched::{clock, idle, inbox::Inbox, queue::TimeQueue};
use rustpython_vm::{
    AsObject, Py, PyObject, PyObjectRef, PyPayload, PyRef, PyResult, VirtualMachine,
    builtins::{PyBaseExceptionRef, PyCoroutine, PyGenerator, PyTypeRef},
    function::OptionalArg,
    protocol::PyIterReturn,
    pyclass,
    types::{IterNext, Iterable, Representable, SelfIter},
};

use super::flag;

/// What the time queue holds.
#[derive(Debug)]
enum Entry {
    /// Resume the task, if its token still matches.
    Resume(PyRef<Task>, u32),
    /// Report the task's exception through the exception handler, unless
    /// somebody retrieved it in the meantime.
    Report(PyRef<Task>),
}

#[derive(Debug, Default)]
struct LoopState {
    queue: TimeQueue<Entry>,
    current: Option<PyRef<Task>>,
    stop_requested: bool,
    /// Tasks waiting on something outside the loop (ThreadSafeFlags): the
    /// virtual clock then follows real time instead of jumping.
    outside_waiters: usize,
    /// The Python `Loop` object handed to exception handlers.
    loop_object: Option<PyObjectRef>,
    cancelled_error: Option<PyTypeRef>,
}

thread_local! {
    static LOOP: RefCell<LoopState> = RefCell::new(LoopState::default());
}

/// Wake-ups posted from other threads: ThreadSafeFlag ids.
pub(super) static INBOX: Inbox<u64> = Inbox::new();

fn with_loop<R>(f: impl FnOnce(&mut LoopState) -> R) -> R {
    LOOP.with(|l| f(&mut l.borrow_mut()))
}

pub(super) fn set_cancelled_error(class: PyTypeRef) {
    with_loop(|l| l.cancelled_error = Some(class));
}

pub(super) fn cancelled_error(vm: &VirtualMachine) -> PyTypeRef {
    with_loop(|l| l.cancelled_error.clone())
        .unwrap_or_else(|| vm.ctx.exceptions.base_exception_type.to_owned())
}

pub(super) fn set_loop_object(object: PyObjectRef) {
    with_loop(|l| l.loop_object = Some(object));
}

pub(super) fn outside_waiter_added() {
    with_loop(|l| l.outside_waiters += 1);
}

pub(super) fn outside_waiter_removed() {
    with_loop(|l| l.outside_waiters = l.outside_waiters.saturating_sub(1));
}

/// The task running now.
pub(super) fn current_task() -> Option<PyRef<Task>> {
    with_loop(|l| l.current.clone())
}

/// The running task, or the RuntimeError MicroPython raises outside one.
pub(super) fn require_current(vm: &VirtualMachine, what: &str) -> PyResult<PyRef<Task>> {
    current_task().ok_or_else(|| {
        vm.new_runtime_error(format!(
            "{what} must be awaited inside a task: start it with asyncio.run() or create_task()"
        ))
    })
}

/// Drops every queued task and the stop request (`new_event_loop()`).
pub(super) fn reset() {
    with_loop(|l| {
        l.queue.clear();
        l.stop_requested = false;
        l.outside_waiters = 0;
    });
    flag::forget_waiters();
}

pub(super) fn request_stop() {
    with_loop(|l| l.stop_requested = true);
}

#[pyclass(module = "asyncio", name = "Task")]
#[derive(Debug, PyPayload)]
pub struct Task {
    coro: PyObjectRef,
    inner: RefCell<TaskInner>,
}

#[derive(Debug, Default)]
struct TaskInner {
    /// Set once the task has finished.
    outcome: Option<Result<PyObjectRef, PyBaseExceptionRef>>,
    /// Thrown into the coroutine when it next runs (cancellation).
    throw_next: Option<PyBaseExceptionRef>,
    /// What it waits on while suspended (`Task.data`).
    waiting_on: Option<PyObjectRef>,
    /// Tasks awaiting this one.
    waiters: Vec<PyRef<Task>>,
    /// Called as `callback(task, exception_or_None)` at completion.
    callbacks: Vec<PyObjectRef>,
    /// Somebody awaited or gathered it: its exception is not reported.
    retrieved: bool,
    /// The key (µs) and token of its live queue entry, if it is queued.
    queued: Option<(u64, u32)>,
    token: u32,
}

impl Task {
    pub(super) fn new(coro: PyObjectRef) -> Self {
        Self {
            coro,
            inner: RefCell::new(TaskInner::default()),
        }
    }

    pub(super) fn is_done(&self) -> bool {
        self.inner.borrow().outcome.is_some()
    }

    pub(super) fn waits_on(&self, object: &PyObjectRef) -> bool {
        self.inner
            .borrow()
            .waiting_on
            .as_ref()
            .is_some_and(|w| w.is(object))
    }

    pub(super) fn set_waiting_on(&self, object: Option<PyObjectRef>) {
        self.inner.borrow_mut().waiting_on = object;
    }
}

/// Queues `task` to run at `key_us` (microseconds of the active clock),
/// replacing any entry it had.
pub(super) fn schedule(task: &PyRef<Task>, key_us: u64) {
    let token = renew_token(task, key_us);
    with_loop(|l| l.queue.push(key_us, Entry::Resume(task.clone(), token)));
}

/// Queues `task` to run now, behind everything already due.
pub(super) fn schedule_now(task: &PyRef<Task>) {
    let now = clock::now_us();
    let token = renew_token(task, now);
    with_loop(|l| l.queue.push_due(now, Entry::Resume(task.clone(), token)));
}

fn renew_token(task: &PyRef<Task>, key_us: u64) -> u32 {
    let mut inner = task.inner.borrow_mut();
    inner.token = inner.token.wrapping_add(1);
    inner.queued = Some((key_us, inner.token));
    inner.token
}

/// Makes `task` due now; a task already due keeps its place (fairness).
pub(super) fn make_due(task: &PyRef<Task>) {
    let now = clock::now_us();
    let already_due = task
        .inner
        .borrow()
        .queued
        .is_some_and(|(key, _)| key <= now);
    if !already_due {
        schedule_now(task);
    }
}

/// Creates a task for `coro` and queues it to run now.
pub(super) fn spawn(coro: PyObjectRef, vm: &VirtualMachine) -> PyResult<PyRef<Task>> {
    if vm.get_attribute_opt(coro.clone(), "send")?.is_none() {
        return Err(vm.new_type_error(format!(
            "create_task() needs a coroutine, not '{}'",
            coro.class().name()
        )));
    }
    let task = Task::new(coro).into_ref(&vm.ctx);
    schedule_now(&task);
    Ok(task)
}

/// Resumes the coroutine with `None`, or throws `exc` into it.
fn resume(
    coro: &PyObject,
    throw: Option<PyBaseExceptionRef>,
    vm: &VirtualMachine,
) -> PyResult<PyIterReturn> {
    let none = || vm.ctx.none();
    let native = coro
        .downcast_ref::<PyCoroutine>()
        .map(|c| c.as_coro())
        .or_else(|| coro.downcast_ref::<PyGenerator>().map(|g| g.as_coro()));
    match (native, throw) {
        (Some(c), None) => c.send(coro, none(), vm),
        (Some(c), Some(exc)) => c.throw(coro, exc.into(), none(), none(), vm),
        (None, None) => PyIterReturn::from_pyresult(vm.call_method(coro, "send", (none(),)), vm),
        (None, Some(exc)) => PyIterReturn::from_pyresult(vm.call_method(coro, "throw", (exc,)), vm),
    }
}

/// Whether an exception ends only the task it was raised in (Exception and
/// CancelledError), rather than the whole loop (KeyboardInterrupt, ...).
fn task_level(exc: &PyBaseExceptionRef, vm: &VirtualMachine) -> bool {
    exc.fast_isinstance(vm.ctx.exceptions.exception_type)
        || exc.fast_isinstance(&cancelled_error(vm))
}

/// Runs `task` one step. Errors are those that stop the loop.
fn step(task: PyRef<Task>, vm: &VirtualMachine) -> PyResult<()> {
    let throw = {
        let mut inner = task.inner.borrow_mut();
        inner.queued = None;
        inner.throw_next.take()
    };
    let previous = with_loop(|l| l.current.replace(task.clone()));
    let result = resume(&task.coro, throw, vm);
    with_loop(|l| l.current = previous);
    match result {
        Ok(PyIterReturn::Return(_)) => Ok(()), // Suspended where its awaitable put it.
        Ok(PyIterReturn::StopIteration(value)) => {
            complete(&task, Ok(value.unwrap_or_else(|| vm.ctx.none())), vm)
        }
        Err(exc) if task_level(&exc, vm) => complete(&task, Err(exc), vm),
        Err(exc) => Err(exc),
    }
}

/// Records the outcome, wakes the tasks awaiting it, runs callbacks, and
/// queues a report of an exception nobody is there to see.
fn complete(
    task: &PyRef<Task>,
    outcome: Result<PyObjectRef, PyBaseExceptionRef>,
    vm: &VirtualMachine,
) -> PyResult<()> {
    let exception = outcome.as_ref().err().cloned();
    let (waiters, callbacks) = {
        let mut inner = task.inner.borrow_mut();
        inner.outcome = Some(outcome);
        inner.waiting_on = None;
        (
            std::mem::take(&mut inner.waiters),
            std::mem::take(&mut inner.callbacks),
        )
    };
    let task_object: PyObjectRef = task.clone().into();
    let mut seen = !callbacks.is_empty();
    for waiter in waiters {
        if waiter.waits_on(&task_object) && !waiter.is_done() {
            waiter.set_waiting_on(None);
            make_due(&waiter);
            seen = true;
        }
    }
    if seen {
        task.inner.borrow_mut().retrieved = true;
    }
    let exc_arg: PyObjectRef = exception.clone().map_or_else(|| vm.ctx.none(), Into::into);
    for callback in callbacks {
        callback.call((task.clone(), exc_arg.clone()), vm)?;
    }
    if let Some(exc) = exception
        && !seen
        && !exc.fast_isinstance(&cancelled_error(vm))
    {
        let now = clock::now_us();
        with_loop(|l| l.queue.push_due(now, Entry::Report(task.clone())));
    }
    Ok(())
}

/// Calls the loop's exception handler for a task whose exception nobody
/// retrieved.
fn report(task: PyRef<Task>, vm: &VirtualMachine) -> PyResult<()> {
    let exc = {
        let inner = task.inner.borrow();
        if inner.retrieved {
            return Ok(());
        }
        match &inner.outcome {
            Some(Err(exc)) => exc.clone(),
            _ => return Ok(()),
        }
    };
    let context = vm.ctx.new_dict();
    context.set_item(
        "message",
        vm.ctx.new_str("Task exception wasn't retrieved").into(),
        vm,
    )?;
    context.set_item("exception", exc.into(), vm)?;
    context.set_item("future", task.into(), vm)?;
    let Some(loop_object) = with_loop(|l| l.loop_object.clone()) else {
        return Ok(());
    };
    vm.call_method(&loop_object, "call_exception_handler", (context,))?;
    Ok(())
}

/// What ends a run of the loop.
pub(super) enum Until {
    Task(PyRef<Task>),
    Stopped,
}

/// Runs the loop until `until` holds. Errors are those that escaped a task
/// to the top (KeyboardInterrupt, SystemExit) or a handler.
pub(super) fn run(until: &Until, vm: &VirtualMachine) -> PyResult<()> {
    loop {
        INBOX.drain(flag::deliver);
        let finished = match until {
            Until::Task(task) => task.is_done(),
            Until::Stopped => with_loop(|l| std::mem::take(&mut l.stop_requested)),
        };
        if finished {
            return Ok(());
        }
        match with_loop(|l| l.queue.pop_ready(clock::now_us)) {
            Some((key, entry)) => {
                if !clock::may_run_at(key) {
                    crate::run::stop_for_run_for(vm);
                }
                match entry {
                    Entry::Resume(task, token) => {
                        let live = task.inner.borrow().queued.is_some_and(|(_, t)| t == token);
                        if live && !task.is_done() {
                            step(task, vm)?;
                        }
                    }
                    Entry::Report(task) => report(task, vm)?,
                }
            }
            None => idle(vm)?,
        }
    }
}

/// Nothing is due: wait for the next deadline or a wake-up, then serve
/// signals and VM calls (interrupt handlers).
fn idle(vm: &VirtualMachine) -> PyResult<()> {
    let (deadline_us, outside) = with_loop(|l| (l.queue.next_key(), l.outside_waiters > 0));
    if clock::is_virtual()
        && deadline_us.is_none()
        && !outside
        && let Some(limit) = clock::run_for_limit_us()
    {
        // Nothing can ever become due: virtual time runs out at once.
        clock::advance_to(limit);
        crate::run::stop_for_run_for(vm);
    }
    idle::wait_until(deadline_us, outside, &mut idle::NoIo);
    vm.check_signals()
}

/// Cancels `task` as MicroPython does; False if it had already finished.
pub(super) fn cancel(task: &PyRef<Task>, vm: &VirtualMachine) -> PyResult<bool> {
    if task.is_done() {
        return Ok(false);
    }
    // A task awaiting another task passes the cancellation down the chain.
    let mut target = task.clone();
    loop {
        let next = target
            .inner
            .borrow()
            .waiting_on
            .clone()
            .and_then(|w| w.downcast::<Task>().ok())
            .filter(|t| !t.is_done());
        match next {
            Some(inner) => target = inner,
            None => break,
        }
    }
    if current_task().is_some_and(|c| c.is(&target)) {
        return Err(vm.new_runtime_error("a task cannot cancel itself"));
    }
    let exc = vm.new_exception_empty(cancelled_error(vm));
    target.inner.borrow_mut().throw_next = Some(exc);
    make_due(&target);
    Ok(true)
}

#[pyclass(with(IterNext, Iterable, Representable))]
impl Task {
    #[pygetset]
    fn coro(&self) -> PyObjectRef {
        self.coro.clone()
    }

    /// What the task waits on while pending; its result or exception once
    /// done.
    #[pygetset]
    fn data(&self, vm: &VirtualMachine) -> PyObjectRef {
        let inner = self.inner.borrow();
        match &inner.outcome {
            Some(Ok(value)) => value.clone(),
            Some(Err(exc)) => exc.clone().into(),
            None => inner.waiting_on.clone().unwrap_or_else(|| vm.ctx.none()),
        }
    }

    #[pymethod]
    fn done(&self) -> bool {
        self.is_done()
    }

    #[pymethod(name = "cancel")]
    fn py_cancel(
        zelf: PyRef<Self>,
        _msg: OptionalArg<PyObjectRef>,
        vm: &VirtualMachine,
    ) -> PyResult<bool> {
        cancel(&zelf, vm)
    }

    #[pymethod]
    fn cancelled(&self, vm: &VirtualMachine) -> bool {
        matches!(&self.inner.borrow().outcome, Some(Err(e)) if e.fast_isinstance(&cancelled_error(vm)))
    }

    /// CPython's `Task.result()`: the result, or the exception raised.
    #[pymethod]
    fn result(&self, vm: &VirtualMachine) -> PyResult {
        let mut inner = self.inner.borrow_mut();
        inner.retrieved = true;
        match &inner.outcome {
            Some(Ok(value)) => Ok(value.clone()),
            Some(Err(exc)) => Err(exc.clone()),
            None => Err(invalid_state(vm, "the task is not done yet")),
        }
    }

    /// CPython's `Task.exception()`: the exception, or None.
    #[pymethod]
    fn exception(&self, vm: &VirtualMachine) -> PyResult {
        let mut inner = self.inner.borrow_mut();
        inner.retrieved = true;
        match &inner.outcome {
            Some(Ok(_)) => Ok(vm.ctx.none()),
            Some(Err(exc)) if exc.fast_isinstance(&cancelled_error(vm)) => Err(exc.clone()),
            Some(Err(exc)) => Ok(exc.clone().into()),
            None => Err(invalid_state(vm, "the task is not done yet")),
        }
    }

    /// Registers `callback(task, exception_or_None)`, called when the task
    /// finishes; it counts as retrieving the outcome (gather, wait).
    #[pymethod]
    fn _on_done(&self, callback: PyObjectRef, vm: &VirtualMachine) -> PyResult<()> {
        let mut inner = self.inner.borrow_mut();
        if inner.outcome.is_some() {
            return Err(vm.new_runtime_error("the task is already done"));
        }
        inner.callbacks.push(callback);
        Ok(())
    }

    /// Whether anything awaits the task or will be told of its end.
    #[pymethod]
    fn _is_awaited(&self) -> bool {
        let inner = self.inner.borrow();
        !inner.waiters.is_empty() || !inner.callbacks.is_empty()
    }

    #[pymethod]
    fn __await__(zelf: PyRef<Self>) -> PyRef<Self> {
        zelf
    }
}

impl Task {
    /// The outcome for `run_until_complete`: the result, or the exception.
    pub(super) fn result_of(zelf: &Py<Self>, vm: &VirtualMachine) -> PyResult {
        let mut inner = zelf.inner.borrow_mut();
        inner.retrieved = true;
        match &inner.outcome {
            Some(Ok(value)) => Ok(value.clone()),
            Some(Err(exc)) => Err(exc.clone()),
            None => Err(vm.new_runtime_error("the loop stopped before the task finished")),
        }
    }
}

fn invalid_state(vm: &VirtualMachine, message: &str) -> PyBaseExceptionRef {
    vm.new_runtime_error(message.to_owned())
}

impl Representable for Task {
    fn repr_str(_zelf: &Py<Self>, _vm: &VirtualMachine) -> PyResult<String> {
        Ok("<Task>".to_owned())
    }
}

impl SelfIter for Task {}

/// `await task`: a finished task gives its result (or raises) at once; a
/// pending one parks the awaiting task among its waiters.
impl IterNext for Task {
    fn next(zelf: &Py<Self>, vm: &VirtualMachine) -> PyResult<PyIterReturn> {
        {
            let mut inner = zelf.inner.borrow_mut();
            if let Some(outcome) = &inner.outcome {
                let outcome = outcome.clone();
                inner.retrieved = true;
                return match outcome {
                    Ok(value) => Ok(PyIterReturn::StopIteration(Some(value))),
                    Err(exc) => Err(exc),
                };
            }
        }
        let waiter = require_current(vm, "a task")?;
        if waiter.is(zelf) {
            return Err(vm.new_runtime_error("a task cannot await itself"));
        }
        waiter.set_waiting_on(Some(zelf.to_owned().into()));
        zelf.inner.borrow_mut().waiters.push(waiter);
        Ok(PyIterReturn::Return(vm.ctx.none()))
    }
}
