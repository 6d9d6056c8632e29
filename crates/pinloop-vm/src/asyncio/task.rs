//! Tasks, with MicroPython's semantics and CPython's task API
//! on top (names, done callbacks, `cancel(msg)`).
//!
//! A task waits by being in exactly one place: the loop's time queue
//! (sleeping or due), or the waiter list of what it awaits (another task,
//! an Event, a Lock, a ThreadSafeFlag). The awaitable that suspends a task
//! puts it there before the task yields; the loop itself only resumes what
//! the queue hands out. Queue entries are made stale by a per-task token
//! instead of being removed.
//!
//! ```text
//!                 create_task / a wake-up (make_due, schedule)
//!                                  │
//!                                  ▼
//!   ┌──────────── the loop's time queue (event_loop.rs) ◄────────────┐
//!   │   due now, or sleeping until its key (sync.rs Sleep)           │
//!   │                                                                │
//!   │ the loop pops it: the task's step                              │ set, release,
//!   ▼                                                                │ put/get, done,
//!  running ──► awaits Event / Lock / Queue / Semaphore ─► their       │ ready fd, flag
//!   │          (sync.rs, queue.rs, semaphore.rs)          waiter list ┤ set from a
//!   │   ──► awaits a task (task.rs)  ─────────────────►  its waiters ┤ thread (the
//!   │   ──► ThreadSafeFlag.wait (flag.rs) ───────────►  flag WAITERS ┤ inbox, drained
//!   │   ──► a stream (io_wait.rs) ───────────────────►  io WAITERS ──┘ by the loop)
//!   ▼
//!  done: its waiters are made due; a cancel first takes it off the list it
//!  is on (the awaitable's `throw`, `Abandon`), then queues it
//! ```

use std::sync::atomic::{AtomicU64, Ordering};

use pinloop_sched::clock;
use rustpython_vm::{
    AsObject, Py, PyObject, PyObjectRef, PyPayload, PyRef, PyResult, VirtualMachine,
    builtins::{PyBaseExceptionRef, PyCoroutine, PyGenerator},
    function::{FuncArgs, OptionalArg},
    protocol::PyIterReturn,
    pyclass,
    types::{IterNext, Iterable, Representable, SelfIter},
};

use super::event_loop::{self, Entry};
use super::handle;
use crate::shared::Shared;

#[pyclass(module = "asyncio", name = "Task")]
#[derive(Debug, PyPayload)]
pub struct Task {
    coro: PyObjectRef,
    /// Creation order from 1, named or not (as in CPython 3.11): the
    /// default name is `Task-<serial>`.
    serial: u64,
    inner: Shared<TaskInner>,
}

/// Called when a task finishes.
#[derive(Debug)]
enum DoneCallback {
    /// Ours (gather, wait): called at once as `callback(task, exc_or_None)`.
    Immediate(PyObjectRef),
    /// CPython's `add_done_callback`: queued as `callback(task)`.
    Queued(PyObjectRef),
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
    callbacks: Vec<DoneCallback>,
    /// Somebody awaited or gathered it: its exception is not reported.
    retrieved: bool,
    /// The key (µs) and token of its live queue entry, if it is queued.
    queued: Option<(u64, u32)>,
    token: u32,
    /// Its slot in the loop's registry of unfinished tasks.
    slot: u32,
    /// Set by `set_name` or `create_task(name=...)`.
    name: Option<PyObjectRef>,
    /// A gather waits on it: MicroPython refuses to await it too.
    gathered: bool,
}

static NEXT_SERIAL: AtomicU64 = AtomicU64::new(1);

impl Task {
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

    /// Whether the queue entry with `token` is the task's live one.
    pub(super) fn is_live(&self, token: u32) -> bool {
        let inner = self.inner.borrow();
        inner.outcome.is_none() && inner.queued.is_some_and(|(_, t)| t == token)
    }

    fn renew_token(&self, key_us: u64) -> u32 {
        let mut inner = self.inner.borrow_mut();
        inner.token = inner.token.wrapping_add(1);
        inner.queued = Some((key_us, inner.token));
        inner.token
    }
}

/// Queues `task` to run at `key_us` (microseconds of the active clock),
/// replacing any entry it had.
pub(super) fn schedule(task: &PyRef<Task>, key_us: u64) {
    let token = task.renew_token(key_us);
    event_loop::push(key_us, Entry::Resume(task.clone(), token));
}

/// Queues `task` to run now, behind everything already due.
pub(super) fn schedule_now(task: &PyRef<Task>) {
    let now = clock::now_us();
    let token = task.renew_token(now);
    event_loop::push_now(Entry::Resume(task.clone(), token));
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
pub(super) fn spawn(
    coro: PyObjectRef,
    name: Option<PyObjectRef>,
    vm: &VirtualMachine,
) -> PyResult<PyRef<Task>> {
    let coro = super::sync::own_sleep_for_task(coro, vm);
    if vm.get_attribute_opt(coro.clone(), "send")?.is_none() {
        return Err(vm.new_type_error(format!(
            "create_task() needs a coroutine, not '{}'",
            coro.class().name()
        )));
    }
    let task = Task {
        coro,
        serial: NEXT_SERIAL.fetch_add(1, Ordering::Relaxed),
        inner: Shared::new(TaskInner {
            name,
            ..TaskInner::default()
        }),
    }
    .into_ref(&vm.ctx);
    task.inner.borrow_mut().slot = event_loop::register(&task);
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

/// Runs `task` one step. Errors are those that stop the loop.
pub(super) fn step(task: PyRef<Task>, vm: &VirtualMachine) -> PyResult<()> {
    let throw = {
        let mut inner = task.inner.borrow_mut();
        inner.queued = None;
        inner.throw_next.take()
    };
    let previous = event_loop::set_current(Some(task.clone()));
    let result = resume(&task.coro, throw, vm);
    event_loop::set_current(previous);
    match result {
        Ok(PyIterReturn::Return(_)) => Ok(()), // Suspended where its awaitable put it.
        Ok(PyIterReturn::StopIteration(value)) => {
            complete(&task, Ok(value.unwrap_or_else(|| vm.ctx.none())), vm)
        }
        Err(exc) if event_loop::task_level(&exc, vm) => complete(&task, Err(exc), vm),
        Err(exc) => Err(exc),
    }
}

/// Records the outcome, wakes the tasks awaiting it, runs or queues the
/// done callbacks, and queues a report of an exception nobody is there to
/// see.
fn complete(
    task: &PyRef<Task>,
    outcome: Result<PyObjectRef, PyBaseExceptionRef>,
    vm: &VirtualMachine,
) -> PyResult<()> {
    let exception = outcome.as_ref().err().cloned();
    let (waiters, callbacks, slot) = {
        let mut inner = task.inner.borrow_mut();
        inner.outcome = Some(outcome);
        inner.waiting_on = None;
        (
            std::mem::take(&mut inner.waiters),
            std::mem::take(&mut inner.callbacks),
            inner.slot,
        )
    };
    event_loop::unregister(task, slot);
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
        match callback {
            DoneCallback::Immediate(f) => {
                f.call((task.clone(), exc_arg.clone()), vm)?;
            }
            DoneCallback::Queued(f) => {
                handle::call_soon(f, vec![task_object.clone()], vm);
            }
        }
    }
    if let Some(exc) = exception
        && !seen
        && !exc.fast_isinstance(&event_loop::cancelled_error(vm))
    {
        event_loop::push_now(Entry::Report(task.clone()));
    }
    Ok(())
}

/// Calls the loop's exception handler for a task whose exception nobody
/// retrieved.
pub(super) fn report(task: PyRef<Task>, vm: &VirtualMachine) -> PyResult<()> {
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
    event_loop::call_exception_handler(context, vm)
}

/// Cancels `task` as MicroPython does; False if it had already finished.
pub(super) fn cancel(
    task: &PyRef<Task>,
    message: Option<PyObjectRef>,
    vm: &VirtualMachine,
) -> PyResult<bool> {
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
    if event_loop::current_task().is_some_and(|c| c.is(&target)) {
        return Err(vm.new_runtime_error("can't cancel self"));
    }
    let args = message.into_iter().collect();
    let exc = vm.new_exception(event_loop::cancelled_error(vm), args);
    target.inner.borrow_mut().throw_next = Some(exc);
    make_due(&target);
    Ok(true)
}

#[pyclass(flags(BASETYPE), with(IterNext, Iterable, Representable))]
impl Task {
    #[pygetset]
    fn coro(&self) -> PyObjectRef {
        self.coro.clone()
    }

    #[pymethod]
    fn get_coro(&self) -> PyObjectRef {
        self.coro.clone()
    }

    #[pymethod]
    fn get_loop(&self, vm: &VirtualMachine) -> PyObjectRef {
        event_loop::loop_object(vm)
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

    /// Cancels the task; `msg` becomes the CancelledError's argument.
    #[pymethod(name = "cancel")]
    fn py_cancel(
        zelf: PyRef<Self>,
        msg: OptionalArg<PyObjectRef>,
        vm: &VirtualMachine,
    ) -> PyResult<bool> {
        let message = msg.into_option().filter(|m| !vm.is_none(m));
        cancel(&zelf, message, vm)
    }

    /// Whether an exception (a cancellation) waits to be thrown into the
    /// task when it next runs: MicroPython's `task.data` test in wait_for.
    #[pymethod]
    fn _throw_pending(&self) -> bool {
        self.inner.borrow().throw_next.is_some()
    }

    #[pymethod]
    fn cancelled(&self, vm: &VirtualMachine) -> bool {
        matches!(&self.inner.borrow().outcome,
            Some(Err(e)) if e.fast_isinstance(&event_loop::cancelled_error(vm)))
    }

    /// CPython's `Task.result()`: the result, or the exception raised.
    #[pymethod]
    fn result(&self, vm: &VirtualMachine) -> PyResult {
        let mut inner = self.inner.borrow_mut();
        inner.retrieved = true;
        match &inner.outcome {
            Some(Ok(value)) => Ok(value.clone()),
            Some(Err(exc)) => Err(exc.clone()),
            None => Err(not_done(vm)),
        }
    }

    /// CPython's `Task.exception()`: the exception, or None.
    #[pymethod]
    fn exception(&self, vm: &VirtualMachine) -> PyResult {
        let mut inner = self.inner.borrow_mut();
        inner.retrieved = true;
        match &inner.outcome {
            Some(Ok(_)) => Ok(vm.ctx.none()),
            Some(Err(exc)) if exc.fast_isinstance(&event_loop::cancelled_error(vm)) => {
                Err(exc.clone())
            }
            Some(Err(exc)) => Ok(exc.clone().into()),
            None => Err(not_done(vm)),
        }
    }

    #[pymethod]
    fn get_name(&self, vm: &VirtualMachine) -> PyObjectRef {
        match &self.inner.borrow().name {
            Some(name) => name.clone(),
            None => vm.ctx.new_str(format!("Task-{}", self.serial)).into(),
        }
    }

    #[pymethod]
    fn set_name(&self, name: PyObjectRef, vm: &VirtualMachine) -> PyResult<()> {
        let name = name.str(vm)?;
        self.inner.borrow_mut().name = Some(name.into());
        Ok(())
    }

    /// CPython's: `callback(task)` is queued on the loop when the task
    /// finishes (at once if it has).
    #[pymethod]
    fn add_done_callback(
        zelf: PyRef<Self>,
        callback: PyObjectRef,
        _args: FuncArgs,
        vm: &VirtualMachine,
    ) {
        if zelf.is_done() {
            handle::call_soon(callback, vec![zelf.into()], vm);
        } else {
            let mut inner = zelf.inner.borrow_mut();
            inner.callbacks.push(DoneCallback::Queued(callback));
        }
    }

    /// Removes every registration of `callback` (compared with `==`);
    /// returns how many there were.
    #[pymethod]
    fn remove_done_callback(&self, callback: PyObjectRef, vm: &VirtualMachine) -> PyResult<usize> {
        let registered = std::mem::take(&mut self.inner.borrow_mut().callbacks);
        let mut kept = Vec::with_capacity(registered.len());
        let mut removed = 0;
        let mut error = None;
        for entry in registered {
            let matches = match &entry {
                DoneCallback::Queued(f) if error.is_none() => match vm.bool_eq(f, &callback) {
                    Ok(equal) => equal,
                    Err(exc) => {
                        error = Some(exc);
                        false
                    }
                },
                _ => false,
            };
            if matches {
                removed += 1;
            } else {
                kept.push(entry);
            }
        }
        // Callbacks added by the comparisons themselves go after the kept.
        let mut inner = self.inner.borrow_mut();
        kept.append(&mut inner.callbacks);
        inner.callbacks = kept;
        match error {
            Some(exc) => Err(exc),
            None => Ok(removed),
        }
    }

    /// Registers `callback(task, exception_or_None)`, called as soon as the
    /// task finishes; it counts as retrieving the outcome (gather, wait).
    /// `gathered`: by a gather, after which the task cannot be awaited.
    #[pymethod]
    fn _on_done(
        &self,
        callback: PyObjectRef,
        gathered: OptionalArg<bool>,
        vm: &VirtualMachine,
    ) -> PyResult<()> {
        let mut inner = self.inner.borrow_mut();
        if inner.outcome.is_some() {
            return Err(vm.new_runtime_error("the task is already done"));
        }
        inner.gathered |= gathered.unwrap_or(false);
        inner.callbacks.push(DoneCallback::Immediate(callback));
        Ok(())
    }

    /// The gather that held it has ended (raised early, or was cancelled):
    /// it may be awaited again, as in MicroPython.
    #[pymethod]
    fn _ungather(&self) {
        self.inner.borrow_mut().gathered = false;
    }

    /// Whether a task awaits it, or gather or wait will be told of its end
    /// (CPython's done callbacks do not count).
    #[pymethod]
    fn _is_awaited(&self) -> bool {
        let inner = self.inner.borrow();
        !inner.waiters.is_empty()
            || inner
                .callbacks
                .iter()
                .any(|c| matches!(c, DoneCallback::Immediate(_)))
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

fn not_done(vm: &VirtualMachine) -> PyBaseExceptionRef {
    vm.new_exception_msg(
        event_loop::invalid_state_error(vm),
        "Result is not set: the task has not finished (await it first)".into(),
    )
}

/// CPython's shape (MicroPython prints only `<Task>`): state, name,
/// coroutine, and what it waits on or how it ended, so a debugging print
/// says which task it is.
impl Representable for Task {
    fn repr_str(zelf: &Py<Self>, vm: &VirtualMachine) -> PyResult<String> {
        let name = zelf.get_name(vm).repr(vm)?;
        let coro = zelf.coro.repr(vm)?;
        let (outcome, waiting_on) = {
            let inner = zelf.inner.borrow();
            (inner.outcome.clone(), inner.waiting_on.clone())
        };
        let state = match outcome {
            None => match waiting_on {
                Some(object) => format!(
                    "pending name={name} coro={coro} wait_for={}",
                    object.repr(vm)?
                ),
                None => format!("pending name={name} coro={coro}"),
            },
            Some(Ok(value)) => format!(
                "finished name={name} coro={coro} result={}",
                value.repr(vm)?
            ),
            Some(Err(exc)) if exc.fast_isinstance(&event_loop::cancelled_error(vm)) => {
                format!("cancelled name={name} coro={coro}")
            }
            Some(Err(exc)) => format!(
                "finished name={name} coro={coro} exception={}",
                exc.as_object().repr(vm)?
            ),
        };
        Ok(format!("<Task {state}>"))
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
        let waiter = event_loop::require_current(vm, "a task")?;
        if waiter.is(zelf) {
            return Err(vm.new_runtime_error("a task cannot await itself"));
        }
        if zelf.inner.borrow().gathered {
            // MicroPython's words: a gathered task has no waiter queue.
            return Err(vm.new_runtime_error("can't wait"));
        }
        waiter.set_waiting_on(Some(zelf.to_owned().into()));
        zelf.inner.borrow_mut().waiters.push(waiter);
        Ok(PyIterReturn::Return(vm.ctx.none()))
    }
}
