//! What a task awaits: sleeps, Event and Lock. Each awaitable puts the
//! running task where it belongs (the time queue, a waiter list) and then
//! yields to the loop; when the task is resumed the same iterator finishes
//! the await. An awaitable that parks a task has a `throw` method, so a
//! cancellation thrown into the task first takes it off the waiter list
//! (and passes on a Lock that was handed to it).

use std::collections::VecDeque;

use pinloop_sched::clock;
use rustpython_vm::{
    AsObject, Py, PyObjectRef, PyPayload, PyRef, PyResult, VirtualMachine,
    function::OptionalArg,
    protocol::PyIterReturn,
    pyclass,
    types::{IterNext, Iterable, SelfIter},
};

use super::event_loop;
use super::task::{self, Task};
use crate::interp_local::{self, interp_local};
use crate::shared::{Shared, SharedCell};

/// Rethrows what a task's `throw` received, as the frame would.
pub(super) fn rethrow(
    exc_type: PyObjectRef,
    exc_val: OptionalArg,
    vm: &VirtualMachine,
) -> PyResult<PyIterReturn> {
    let exc = match exc_type
        .clone()
        .downcast::<rustpython_vm::builtins::PyBaseException>()
    {
        Ok(exc) => exc,
        Err(_) => vm.normalize_exception(
            exc_type,
            exc_val.unwrap_or_else(|| vm.ctx.none()),
            vm.ctx.none(),
        )?,
    };
    Err(exc)
}

/// A constructor that takes no arguments (extra ones are a TypeError) and
/// builds the default value.
/// `X()` takes no arguments; a Python subclass's call passes its own to
/// its `__init__` (as `object.__new__` lets it), so `X.__new__` ignores
/// them there.
macro_rules! no_arg_constructor {
    ($name:ident) => {
        impl rustpython_vm::types::Constructor for $name {
            type Args = ();
            fn slot_new(
                cls: rustpython_vm::builtins::PyTypeRef,
                args: rustpython_vm::function::FuncArgs,
                vm: &VirtualMachine,
            ) -> PyResult {
                use rustpython_vm::class::StaticType as _;
                if !cls.is(Self::static_type()) {
                    return Self::default().into_ref_with_type(vm, cls).map(Into::into);
                }
                let () = args.bind(vm)?;
                Self::default().into_ref_with_type(vm, cls).map(Into::into)
            }
            fn py_new(
                _cls: &Py<rustpython_vm::builtins::PyType>,
                _args: (),
                _vm: &VirtualMachine,
            ) -> PyResult<Self> {
                Ok(Self::default())
            }
        }
    };
}
pub(super) use no_arg_constructor;

/// An awaitable that is its own iterator (`await x` steps `x` itself).
macro_rules! self_awaitable {
    ($name:ident) => {
        #[pyclass(with(IterNext, Iterable))]
        impl $name {
            #[pymethod]
            fn __await__(zelf: PyRef<Self>) -> PyRef<Self> {
                zelf
            }
        }

        impl SelfIter for $name {}
    };
}

/// What a wait that parks a task does when an exception (a cancellation)
/// is thrown into the waiting task: leave the waiter list it is on.
pub(super) trait Abandon {
    fn abandon(&self);
}

/// The Python face shared by the waits that park a task: awaitable, its own
/// iterator, `send` (so the wait can be a task of its own, as it is a
/// coroutine in MicroPython: `create_task(event.wait())`), and `throw`,
/// which abandons the wait and lets the exception go on.
macro_rules! parking_wait {
    ($name:ident) => {
        #[pyclass(with(IterNext, Iterable))]
        impl $name {
            #[pymethod]
            fn __await__(zelf: PyRef<Self>) -> PyRef<Self> {
                zelf
            }

            #[pymethod]
            fn send(
                zelf: PyRef<Self>,
                _value: PyObjectRef,
                vm: &VirtualMachine,
            ) -> PyResult<PyIterReturn> {
                <Self as IterNext>::next(&zelf, vm)
            }

            #[pymethod]
            fn throw(
                &self,
                exc_type: PyObjectRef,
                exc_val: OptionalArg,
                _exc_tb: OptionalArg,
                vm: &VirtualMachine,
            ) -> PyResult<PyIterReturn> {
                <Self as $crate::asyncio::sync::Abandon>::abandon(self);
                $crate::asyncio::sync::rethrow(exc_type, exc_val, vm)
            }
        }

        impl SelfIter for $name {}
    };
}
pub(super) use parking_wait;

/// `sleep_ms`'s awaitable. One object serves every sleep: `sleep_ms` sets
/// its deadline, the first step of the await queues the running task there
/// and yields, the second step (when the task is resumed) ends the await.
/// Nothing is allocated per sleep, unless the shared object still holds a
/// sleep not yet awaited (`gather(sleep(1), sleep(2))`, CPython style):
/// then the new sleep gets an object of its own.
#[pyclass(module = "asyncio", name = "SleepAwaitable")]
#[derive(Debug, PyPayload)]
pub struct Sleep {
    /// Armed by `sleep_ms`: `Some(None)` is "due now", `Some(Some(µs))` a
    /// deadline.
    deadline: SharedCell<Option<Option<u64>>>,
    /// What the await gives (CPython's `sleep(delay, result)`); only a
    /// sleep of its own carries one.
    result: Option<PyObjectRef>,
}

interp_local! {
    static SLEEP: Option<PyRef<Sleep>> = None;
}

/// A sleep whose await gives `result` (None: gives None, and is the
/// shared object when that is free).
pub(super) fn sleep_ms_giving(
    ms: i64,
    result: Option<PyObjectRef>,
    vm: &VirtualMachine,
) -> PyRef<Sleep> {
    let sleeper = interp_local::with(&SLEEP, |s| {
        s.get_or_insert_with(|| {
            Sleep {
                deadline: SharedCell::new(None),
                result: None,
            }
            .into_ref(&vm.ctx)
        })
        .clone()
    });
    let deadline = deadline_after_ms(ms);
    if sleeper.deadline.get().is_some() || result.is_some() {
        return Sleep {
            deadline: SharedCell::new(Some(deadline)),
            result,
        }
        .into_ref(&vm.ctx);
    }
    sleeper.deadline.set(Some(deadline));
    sleeper
}

fn deadline_after_ms(ms: i64) -> Option<u64> {
    // `sleep_ms(0)` is due now: behind every task already due (the
    // round-robin). Deadlines are kept in microseconds, so a sleep ends
    // neither early nor a millisecond late.
    match ms.max(0) as u64 {
        0 => None,
        ms => Some(clock::now_us().saturating_add(ms.saturating_mul(1000))),
    }
}

/// `sleep(seconds[, result])`: `sleep_ms(int(seconds * 1000))`.
pub(super) fn sleep_seconds(
    seconds: f64,
    result: Option<PyObjectRef>,
    vm: &VirtualMachine,
) -> PyRef<Sleep> {
    let ms = (seconds * 1000.0) as i64; // saturating (callers refuse NaN)
    sleep_ms_giving(ms, result, vm)
}

/// A sleep a task is made of (`create_task(sleep(1))`, as CPython's sleep
/// is a coroutine): the shared object gives its armed deadline to a sleep
/// of the task's own, since other sleeps re-arm the shared one while the
/// task still holds it. Anything else is returned as it is.
pub(super) fn own_sleep_for_task(coro: PyObjectRef, vm: &VirtualMachine) -> PyObjectRef {
    let Some(sleep) = coro.downcast_ref::<Sleep>() else {
        return coro;
    };
    let shared = interp_local::with(&SLEEP, |s| {
        s.as_ref().is_some_and(|shared| shared.is(sleep))
    });
    if !shared {
        return coro;
    }
    Sleep {
        deadline: SharedCell::new(sleep.deadline.take()),
        result: None,
    }
    .into_ref(&vm.ctx)
    .into()
}

// A sleep can be a task of its own (`create_task(sleep(1))`): the shared
// face of the waits that park a task; a cancellation ends the sleep.
parking_wait!(Sleep);

impl Abandon for Sleep {
    fn abandon(&self) {
        self.deadline.set(None);
    }
}

impl IterNext for Sleep {
    fn next(zelf: &Py<Self>, vm: &VirtualMachine) -> PyResult<PyIterReturn> {
        let Some(deadline) = zelf.deadline.take() else {
            return Ok(PyIterReturn::StopIteration(zelf.result.clone()));
        };
        let current = event_loop::require_current(vm, "asyncio.sleep()")?;
        current.set_waiting_on(None);
        match deadline {
            None => task::schedule_now(&current),
            Some(us) => task::schedule(&current, us),
        }
        Ok(PyIterReturn::Return(vm.ctx.none()))
    }
}

/// An awaitable that is already complete, with a value (`__aexit__`).
#[pyclass(module = "asyncio", name = "Ready")]
#[derive(Debug, PyPayload)]
pub struct Ready {
    value: Shared<Option<PyObjectRef>>,
}

impl Ready {
    pub(super) fn new(value: PyObjectRef, vm: &VirtualMachine) -> PyRef<Self> {
        Ready {
            value: Shared::new(Some(value)),
        }
        .into_ref(&vm.ctx)
    }
}

self_awaitable!(Ready);

impl IterNext for Ready {
    fn next(zelf: &Py<Self>, _vm: &VirtualMachine) -> PyResult<PyIterReturn> {
        Ok(PyIterReturn::StopIteration(zelf.value.borrow_mut().take()))
    }
}

/// Steps of a wait that may park.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum WaitStep {
    Start,
    Parked,
    Finished,
}

#[pyclass(module = "asyncio", name = "Event")]
#[derive(Debug, Default, PyPayload)]
pub struct Event {
    flag: SharedCell<bool>,
    waiters: Shared<Vec<PyRef<Task>>>,
}

#[pyclass(flags(BASETYPE), with(rustpython_vm::types::Constructor))]
impl Event {
    #[pymethod]
    fn is_set(&self) -> bool {
        self.flag.get()
    }

    /// Sets the flag and makes every waiting task due now; they are
    /// released even if the flag is cleared before they run.
    #[pymethod]
    fn set(zelf: PyRef<Self>) {
        zelf.flag.set(true);
        let waiters = std::mem::take(&mut *zelf.waiters.borrow_mut());
        let me: PyObjectRef = zelf.into();
        for waiter in waiters {
            if waiter.waits_on(&me) {
                waiter.set_waiting_on(None);
                task::make_due(&waiter);
            }
        }
    }

    #[pymethod]
    fn clear(&self) {
        self.flag.set(false);
    }

    /// Waits until the flag is set; returns True.
    #[pymethod]
    fn wait(zelf: PyRef<Self>, vm: &VirtualMachine) -> PyRef<EventWait> {
        EventWait {
            event: zelf,
            step: SharedCell::new(WaitStep::Start),
        }
        .into_ref(&vm.ctx)
    }
}

no_arg_constructor!(Event);

#[pyclass(module = "asyncio", name = "EventWait")]
#[derive(Debug, PyPayload)]
pub struct EventWait {
    event: PyRef<Event>,
    step: SharedCell<WaitStep>,
}

parking_wait!(EventWait);

impl Abandon for EventWait {
    fn abandon(&self) {
        if self.step.replace(WaitStep::Finished) == WaitStep::Parked
            && let Some(current) = event_loop::current_task()
        {
            self.event.waiters.borrow_mut().retain(|t| !t.is(&current));
            current.set_waiting_on(None);
        }
    }
}

impl IterNext for EventWait {
    fn next(zelf: &Py<Self>, vm: &VirtualMachine) -> PyResult<PyIterReturn> {
        match zelf.step.get() {
            WaitStep::Start if !zelf.event.flag.get() => {
                let current = event_loop::require_current(vm, "Event.wait()")?;
                current.set_waiting_on(Some(zelf.event.clone().into()));
                zelf.event.waiters.borrow_mut().push(current);
                zelf.step.set(WaitStep::Parked);
                Ok(PyIterReturn::Return(vm.ctx.none()))
            }
            WaitStep::Finished => Ok(PyIterReturn::StopIteration(None)),
            _ => {
                zelf.step.set(WaitStep::Finished);
                Ok(PyIterReturn::StopIteration(Some(
                    vm.ctx.new_bool(true).into(),
                )))
            }
        }
    }
}

#[pyclass(module = "asyncio", name = "Lock")]
#[derive(Debug, Default, PyPayload)]
pub struct Lock {
    locked: SharedCell<bool>,
    /// Handed to a waiter that has not run yet: still taken (others wait,
    /// release() is refused), but `locked()` says False until the new
    /// owner runs, as MicroPython's (whose state is then the waiter, not 1)
    /// and CPython's do.
    handed: SharedCell<bool>,
    waiters: Shared<VecDeque<PyRef<Task>>>,
}

no_arg_constructor!(Lock);

impl Lock {
    /// Hands the lock to the first waiter, or unlocks it.
    fn pass_on(zelf: &Py<Self>) {
        let me: PyObjectRef = zelf.to_owned().into();
        loop {
            let next = zelf.waiters.borrow_mut().pop_front();
            match next {
                Some(waiter) if waiter.waits_on(&me) && !waiter.is_done() => {
                    waiter.set_waiting_on(None);
                    task::make_due(&waiter);
                    zelf.handed.set(true);
                    return; // Still locked: it belongs to the waiter now.
                }
                Some(_) => continue,
                None => {
                    zelf.locked.set(false);
                    zelf.handed.set(false);
                    return;
                }
            }
        }
    }
}

#[pyclass(flags(BASETYPE), with(rustpython_vm::types::Constructor))]
impl Lock {
    #[pymethod]
    fn locked(&self) -> bool {
        self.locked.get() && !self.handed.get()
    }

    /// Releases the lock, handing it straight to the first waiter.
    #[pymethod]
    fn release(zelf: PyRef<Self>, vm: &VirtualMachine) -> PyResult<()> {
        if !zelf.locked.get() || zelf.handed.get() {
            return Err(vm.new_runtime_error(
                "Lock.release() on an unlocked Lock: release only a lock you acquired",
            ));
        }
        Self::pass_on(&zelf);
        Ok(())
    }

    /// Waits for the lock and takes it; returns True.
    #[pymethod]
    fn acquire(zelf: PyRef<Self>, vm: &VirtualMachine) -> PyRef<LockAcquire> {
        LockAcquire {
            lock: zelf,
            step: SharedCell::new(WaitStep::Start),
        }
        .into_ref(&vm.ctx)
    }

    #[pymethod]
    fn __aenter__(zelf: PyRef<Self>, vm: &VirtualMachine) -> PyRef<LockAcquire> {
        Self::acquire(zelf, vm)
    }

    #[pymethod]
    fn __aexit__(
        zelf: PyRef<Self>,
        _exc_type: PyObjectRef,
        _exc: PyObjectRef,
        _tb: PyObjectRef,
        vm: &VirtualMachine,
    ) -> PyResult<PyRef<Ready>> {
        Self::release(zelf, vm)?;
        Ok(Ready::new(vm.ctx.none(), vm))
    }
}

#[pyclass(module = "asyncio", name = "LockAcquire")]
#[derive(Debug, PyPayload)]
pub struct LockAcquire {
    lock: PyRef<Lock>,
    step: SharedCell<WaitStep>,
}

parking_wait!(LockAcquire);

impl Abandon for LockAcquire {
    fn abandon(&self) {
        if self.step.replace(WaitStep::Finished) == WaitStep::Parked
            && let Some(current) = event_loop::current_task()
        {
            let mut waiters = self.lock.waiters.borrow_mut();
            let before = waiters.len();
            waiters.retain(|t| !t.is(&current));
            let was_waiting = waiters.len() != before;
            drop(waiters);
            current.set_waiting_on(None);
            if !was_waiting {
                // The lock was handed over before the cancellation ran.
                Lock::pass_on(&self.lock);
            }
        }
    }
}

impl IterNext for LockAcquire {
    fn next(zelf: &Py<Self>, vm: &VirtualMachine) -> PyResult<PyIterReturn> {
        let lock = &zelf.lock;
        match zelf.step.get() {
            WaitStep::Start if lock.locked.get() => {
                let current = event_loop::require_current(vm, "Lock.acquire()")?;
                current.set_waiting_on(Some(lock.clone().into()));
                lock.waiters.borrow_mut().push_back(current);
                zelf.step.set(WaitStep::Parked);
                Ok(PyIterReturn::Return(vm.ctx.none()))
            }
            WaitStep::Start => {
                lock.locked.set(true);
                zelf.step.set(WaitStep::Finished);
                Ok(PyIterReturn::StopIteration(Some(
                    vm.ctx.new_bool(true).into(),
                )))
            }
            WaitStep::Parked => {
                // Resumed by release(): the lock is ours.
                lock.handed.set(false);
                zelf.step.set(WaitStep::Finished);
                Ok(PyIterReturn::StopIteration(Some(
                    vm.ctx.new_bool(true).into(),
                )))
            }
            WaitStep::Finished => Ok(PyIterReturn::StopIteration(None)),
        }
    }
}
