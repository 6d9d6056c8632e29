//! CPython's Semaphore and BoundedSemaphore, native for the same reason as
//! the queues (a Python one cost 8× CPython's per acquire here). A
//! release hands the unit straight to the first waiter, so a task that
//! arrives later cannot take it first; `BoundedSemaphore` is a Python
//! subclass that sets the class attribute `_bounded`.

use std::collections::VecDeque;

use rustpython_vm::{
    AsObject, Py, PyObjectRef, PyPayload, PyRef, PyResult, VirtualMachine,
    builtins::PyType,
    function::OptionalArg,
    protocol::PyIterReturn,
    pyclass,
    types::{Constructor, IterNext, Iterable, Representable, SelfIter},
};

use super::event_loop;
use super::sync::{Abandon, Ready, WaitStep, parking_wait};
use super::task::{self, Task};
use crate::shared::{Shared, SharedCell};

#[pyclass(module = "asyncio", name = "Semaphore")]
#[derive(Debug, PyPayload)]
pub struct Semaphore {
    value: SharedCell<i64>,
    /// BoundedSemaphore: release() may not go above this.
    bound: Option<i64>,
    waiters: Shared<VecDeque<PyRef<Task>>>,
}

#[derive(rustpython_vm::FromArgs)]
pub struct SemaphoreArgs {
    #[pyarg(any, optional)]
    value: OptionalArg<i64>,
}

impl Constructor for Semaphore {
    type Args = SemaphoreArgs;

    fn py_new(cls: &Py<PyType>, args: SemaphoreArgs, vm: &VirtualMachine) -> PyResult<Self> {
        let value = args.value.unwrap_or(1);
        if value < 0 {
            return Err(vm.new_value_error("Semaphore initial value must be >= 0"));
        }
        let bounded = cls
            .as_object()
            .get_attr("_bounded", vm)
            .is_ok_and(|b| b.try_to_bool(vm).unwrap_or(false));
        Ok(Semaphore {
            value: SharedCell::new(value),
            bound: bounded.then_some(value),
            waiters: Shared::default(),
        })
    }
}

impl Semaphore {
    fn is_locked(&self) -> bool {
        self.value.get() == 0 || !self.waiters.borrow().is_empty()
    }

    /// Hands free units to waiters, first come first served.
    fn wake(zelf: &Py<Self>) {
        let me: PyObjectRef = zelf.to_owned().into();
        while zelf.value.get() > 0 {
            let next = zelf.waiters.borrow_mut().pop_front();
            match next {
                Some(waiter) if waiter.waits_on(&me) && !waiter.is_done() => {
                    zelf.value.set(zelf.value.get() - 1);
                    waiter.set_waiting_on(None);
                    task::make_due(&waiter);
                }
                Some(_) => continue,
                None => return,
            }
        }
    }
}

#[pyclass(flags(BASETYPE), with(Constructor, Representable))]
impl Semaphore {
    /// True when acquire() would wait.
    #[pymethod]
    fn locked(&self) -> bool {
        self.is_locked()
    }

    /// Adds a unit, waking the first waiter.
    #[pymethod]
    fn release(zelf: PyRef<Self>, vm: &VirtualMachine) -> PyResult<()> {
        if zelf.bound.is_some_and(|bound| zelf.value.get() >= bound) {
            return Err(vm.new_value_error("BoundedSemaphore released too many times"));
        }
        zelf.value.set(zelf.value.get() + 1);
        Self::wake(&zelf);
        Ok(())
    }

    /// Waits for a unit and takes it; returns True.
    #[pymethod]
    fn acquire(zelf: PyRef<Self>, vm: &VirtualMachine) -> PyRef<SemaphoreAcquire> {
        SemaphoreAcquire {
            semaphore: zelf,
            step: SharedCell::new(WaitStep::Start),
        }
        .into_ref(&vm.ctx)
    }

    #[pymethod]
    fn __aenter__(zelf: PyRef<Self>, vm: &VirtualMachine) -> PyRef<SemaphoreAcquire> {
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

impl Representable for Semaphore {
    fn repr_str(zelf: &Py<Self>, _vm: &VirtualMachine) -> PyResult<String> {
        let state = if zelf.is_locked() {
            "locked".to_owned()
        } else {
            format!("unlocked, value:{}", zelf.value.get())
        };
        Ok(format!("<{} [{state}]>", zelf.class().name()))
    }
}

#[pyclass(module = "asyncio", name = "SemaphoreAcquire")]
#[derive(Debug, PyPayload)]
pub struct SemaphoreAcquire {
    semaphore: PyRef<Semaphore>,
    step: SharedCell<WaitStep>,
}

parking_wait!(SemaphoreAcquire);

impl Abandon for SemaphoreAcquire {
    fn abandon(&self) {
        if self.step.replace(WaitStep::Finished) != WaitStep::Parked {
            return;
        }
        let Some(current) = event_loop::current_task() else {
            return;
        };
        let sem = &self.semaphore;
        let mut waiters = sem.waiters.borrow_mut();
        let before = waiters.len();
        waiters.retain(|t| !t.is(&current));
        let was_waiting = waiters.len() != before;
        drop(waiters);
        current.set_waiting_on(None);
        if !was_waiting {
            // The unit was handed over before the cancellation ran.
            sem.value.set(sem.value.get() + 1);
            Semaphore::wake(sem);
        }
    }
}

impl IterNext for SemaphoreAcquire {
    fn next(zelf: &Py<Self>, vm: &VirtualMachine) -> PyResult<PyIterReturn> {
        let sem = &zelf.semaphore;
        let acquired = || {
            Ok(PyIterReturn::StopIteration(Some(
                vm.ctx.new_bool(true).into(),
            )))
        };
        match zelf.step.get() {
            WaitStep::Start if sem.is_locked() => {
                let current = event_loop::require_current(vm, "Semaphore.acquire()")?;
                current.set_waiting_on(Some(sem.clone().into()));
                sem.waiters.borrow_mut().push_back(current);
                zelf.step.set(WaitStep::Parked);
                Ok(PyIterReturn::Return(vm.ctx.none()))
            }
            WaitStep::Start => {
                sem.value.set(sem.value.get() - 1);
                zelf.step.set(WaitStep::Finished);
                acquired()
            }
            WaitStep::Parked => {
                // Woken by release(): the unit is ours.
                zelf.step.set(WaitStep::Finished);
                acquired()
            }
            WaitStep::Finished => Ok(PyIterReturn::StopIteration(None)),
        }
    }
}
