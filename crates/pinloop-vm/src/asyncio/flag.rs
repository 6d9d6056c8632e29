//! ThreadSafeFlag: set from anywhere (a task, an interrupt handler between
//! two bytecodes, another OS thread), awaited by one task at a time,
//! cleared when that task wakes. Its state is an atomic shared with other
//! threads; a set from another thread posts the flag's id to the loop's
//! lock-free inbox, which wakes the loop even when it is idle.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use rustpython_vm::{
    AsObject, Py, PyObjectRef, PyPayload, PyRef, PyResult, VirtualMachine,
    function::OptionalArg,
    protocol::PyIterReturn,
    pyclass,
    types::{Constructor, IterNext, Iterable, SelfIter},
};

use super::event_loop::{self, INBOX};
use super::sync::{Abandon, no_arg_constructor, parking_wait};
use super::task::{self, Task};
use crate::interp_local::{self, interp_local};
use crate::shared::SharedCell;

/// The part of a flag other threads may hold.
#[derive(Debug)]
pub struct FlagShared {
    id: u64,
    set: AtomicBool,
}

impl FlagShared {
    /// Sets the flag from any thread and wakes the loop.
    pub fn set_from_any_thread(&self) {
        self.set.store(true, Ordering::Release);
        INBOX.post(self.id);
    }
}

interp_local! {
    /// The task waiting on each flag, by id (VM thread only).
    static WAITERS: HashMap<u64, PyRef<Task>> = HashMap::new();
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// Called by the loop for each id drained from the inbox.
pub(super) fn deliver(id: u64) {
    if let Some(waiter) = interp_local::with(&WAITERS, |w| w.get(&id).cloned()) {
        task::make_due(&waiter);
    }
}

/// `new_event_loop()`: tasks waiting on flags are gone with the queue.
pub(super) fn forget_waiters() {
    interp_local::with(&WAITERS, |w| w.clear());
}

#[pyclass(module = "asyncio", name = "ThreadSafeFlag")]
#[derive(Debug, PyPayload)]
pub struct ThreadSafeFlag {
    shared: Arc<FlagShared>,
}

impl Default for ThreadSafeFlag {
    fn default() -> Self {
        ThreadSafeFlag {
            shared: Arc::new(FlagShared {
                id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
                set: AtomicBool::new(false),
            }),
        }
    }
}

no_arg_constructor!(ThreadSafeFlag);

impl ThreadSafeFlag {
    /// The handle another thread uses to set this flag.
    pub fn shared(&self) -> Arc<FlagShared> {
        Arc::clone(&self.shared)
    }
}

use crate::stream_protocol::{MP_STREAM_ERROR, MP_STREAM_POLL, MP_STREAM_POLL_RD};

#[pyclass(flags(BASETYPE), with(Constructor))]
impl ThreadSafeFlag {
    /// Sets the flag; the waiting task, if any, becomes due at the loop's
    /// next poll (as MicroPython's, which wakes it through the I/O queue):
    /// behind the tasks already due, even when set from a task.
    #[pymethod]
    fn set(&self) {
        self.shared.set_from_any_thread();
    }

    #[pymethod]
    fn clear(&self) {
        self.shared.set.store(false, Ordering::Release);
    }

    /// Waits until the flag is set, then clears it. One task at a time.
    #[pymethod]
    fn wait(zelf: PyRef<Self>, vm: &VirtualMachine) -> PyRef<FlagWait> {
        FlagWait {
            flag: zelf,
            parked: SharedCell::new(false),
        }
        .into_ref(&vm.ctx)
    }

    /// The stream protocol: readable when set (`select.poll` uses it).
    #[pymethod]
    fn ioctl(&self, request: i64, arg: OptionalArg<i64>) -> i64 {
        if request != MP_STREAM_POLL {
            return MP_STREAM_ERROR;
        }
        let flags = arg.unwrap_or(0);
        if self.shared.set.load(Ordering::Acquire) {
            flags & MP_STREAM_POLL_RD
        } else {
            0
        }
    }
}

#[pyclass(module = "asyncio", name = "FlagWait")]
#[derive(Debug, PyPayload)]
pub struct FlagWait {
    flag: PyRef<ThreadSafeFlag>,
    parked: SharedCell<bool>,
}

impl FlagWait {
    fn unpark(&self) {
        if self.parked.replace(false) {
            interp_local::with(&WAITERS, |w| w.remove(&self.flag.shared.id));
        }
    }
}

parking_wait!(FlagWait);

impl Abandon for FlagWait {
    fn abandon(&self) {
        if let Some(current) = event_loop::current_task() {
            current.set_waiting_on(None);
        }
        self.unpark();
    }
}

impl IterNext for FlagWait {
    fn next(zelf: &Py<Self>, vm: &VirtualMachine) -> PyResult<PyIterReturn> {
        let shared = &zelf.flag.shared;
        if shared.set.swap(false, Ordering::AcqRel) {
            if let Some(current) = event_loop::current_task() {
                current.set_waiting_on(None);
            }
            zelf.unpark();
            return Ok(PyIterReturn::StopIteration(None));
        }
        if zelf.parked.get() {
            // Woken without the flag set (cleared meanwhile): wait on.
            return Ok(PyIterReturn::Return(vm.ctx.none()));
        }
        let current = event_loop::require_current(vm, "ThreadSafeFlag.wait()")?;
        let taken = interp_local::with(&WAITERS, |waiters| match waiters.get(&shared.id) {
            Some(other) if !other.is(&current) && !other.is_done() => true,
            _ => {
                waiters.insert(shared.id, current.clone());
                false
            }
        });
        if taken {
            return Err(vm.new_exception_msg(
                vm.ctx.exceptions.assertion_error.to_owned(),
                "ThreadSafeFlag.wait(): another task is already waiting on this flag; \
                 only one task may wait at a time (use an Event for several)"
                    .into(),
            ));
        }
        zelf.parked.set(true);
        current.set_waiting_on(Some(zelf.flag.clone().into()));
        Ok(PyIterReturn::Return(vm.ctx.none()))
    }
}
