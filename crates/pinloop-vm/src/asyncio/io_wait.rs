//! The scheduler's I/O wait: a task awaiting `_io_wait(stream, flags)` is
//! parked until the stream reports ready (every loop step polls
//! I/O, with zero timeout while a task is due; a woken task goes in at now,
//! behind those already due; with only I/O waiters left the loop blocks).
//!
//! A stream device may ask for low latency (`low_latency = True` on the
//! object or its class): its waiter, once ready, runs next, ahead of the
//! round of due tasks, which is what the tutorial wishes MicroPython did.
//!
//! File descriptors are polled by the kernel together; Python devices are
//! polled by calling their `ioctl`, so while only those are waited on the
//! idle loop polls them again every [`crate::wait::DEVICE_POLL_INTERVAL`].

use rustpython_vm::{
    AsObject, Py, PyObjectRef, PyPayload, PyRef, PyResult, VirtualMachine,
    builtins::PyBaseExceptionRef,
    function::OptionalArg,
    protocol::PyIterReturn,
    pyclass,
    types::{IterNext, Iterable, SelfIter},
};

use super::event_loop;
use super::sync::{Abandon, WaitStep, parking_wait};
use super::task::{self, Task};
use crate::interp_local::{self, interp_local};
use crate::io_poll::{self, Source};
use crate::shared::{Shared, SharedCell};

/// One task's wait for a stream.
#[pyclass(module = "asyncio", name = "IOWait")]
#[derive(Debug, PyPayload)]
pub struct IoWait {
    source: Source,
    mask: u32,
    low_latency: bool,
    step: SharedCell<WaitStep>,
    /// What the device's ioctl raised while the loop polled it: raised in
    /// the waiting task.
    error: Shared<Option<PyBaseExceptionRef>>,
}

interp_local! {
    static WAITERS: Vec<(PyRef<IoWait>, PyRef<Task>)> = Vec::new();
}

/// `_io_wait(stream, flags)`: an awaitable that parks the running task
/// until `stream` is ready for `flags` (POLLIN, POLLOUT).
pub(super) fn io_wait(
    stream: PyObjectRef,
    flags: u32,
    vm: &VirtualMachine,
) -> PyResult<PyRef<IoWait>> {
    let source = Source::of(&stream, vm)?;
    let low_latency = match vm.get_attribute_opt(stream, "low_latency")? {
        Some(value) => value.try_to_bool(vm)?,
        None => false,
    };
    Ok(IoWait {
        source,
        mask: flags,
        low_latency,
        step: SharedCell::new(WaitStep::Start),
        error: Shared::new(None),
    }
    .into_ref(&vm.ctx))
}

pub(super) fn has_waiters() -> bool {
    interp_local::with(&WAITERS, |w| !w.is_empty())
}

/// `new_event_loop()`: the waiting tasks are gone with the queue.
pub(super) fn forget_waiters() {
    interp_local::with(&WAITERS, |w| w.clear());
}

/// What the idle loop waits on: the file descriptors, and whether a Python
/// device must be polled again soon.
pub(super) fn idle_plan() -> (Vec<libc::pollfd>, bool) {
    interp_local::with(&WAITERS, |w| {
        let waiters = w;
        let fds = waiters
            .iter()
            .filter_map(|(wait, _)| wait.source.fd().map(|fd| io_poll::pollfd(fd, wait.mask)))
            .collect();
        let devices = waiters.iter().any(|(wait, _)| wait.source.needs_polling());
        (fds, devices)
    })
}

/// Polls every waiter with zero timeout and wakes the ready ones (those
/// whose device raised too, to raise it).
pub(super) fn poll(vm: &VirtualMachine) -> PyResult<()> {
    let waiters = interp_local::with(&WAITERS, |w| w.clone());
    let mut fds: Vec<libc::pollfd> = waiters
        .iter()
        .filter_map(|(wait, _)| wait.source.fd().map(|fd| io_poll::pollfd(fd, wait.mask)))
        .collect();
    io_poll::poll_fds(&mut fds);
    let mut fd_results = fds.iter();
    let mut ready = Vec::new();
    for (wait, task) in &waiters {
        let flags = match wait.source.ready_now(wait.mask, vm) {
            Ok(Some(flags)) => flags,
            Ok(None) => {
                let pollfd = fd_results.next().expect("one pollfd per fd waiter");
                io_poll::revents_of(pollfd, wait.mask)
            }
            Err(exc) => {
                *wait.error.borrow_mut() = Some(exc);
                1
            }
        };
        if flags != 0 {
            ready.push((wait.clone(), task.clone()));
        }
    }
    if ready.is_empty() {
        return Ok(());
    }
    interp_local::with(&WAITERS, |w| {
        w.retain(|(wait, _)| !ready.iter().any(|(r, _)| r.is(wait)))
    });
    for (wait, task) in ready {
        task.set_waiting_on(None);
        if wait.low_latency {
            task::schedule(&task, 0); // ahead of everything due
        } else {
            task::make_due(&task);
        }
    }
    Ok(())
}

parking_wait!(IoWait);

impl Abandon for IoWait {
    fn abandon(&self) {
        if self.step.replace(WaitStep::Finished) == WaitStep::Parked {
            interp_local::with(&WAITERS, |w| {
                w.retain(|(wait, _)| !std::ptr::eq::<IoWait>(&***wait, self))
            });
            if let Some(current) = event_loop::current_task() {
                current.set_waiting_on(None);
            }
        }
    }
}

impl IterNext for IoWait {
    fn next(zelf: &Py<Self>, vm: &VirtualMachine) -> PyResult<PyIterReturn> {
        match zelf.step.get() {
            WaitStep::Start => {
                // Always parks, as MicroPython does: the next loop step
                // polls and finds it ready.
                let current = event_loop::require_current(vm, "a stream's read or write")?;
                current.set_waiting_on(Some(zelf.to_owned().into()));
                interp_local::with(&WAITERS, |w| w.push((zelf.to_owned(), current)));
                zelf.step.set(WaitStep::Parked);
                Ok(PyIterReturn::Return(vm.ctx.none()))
            }
            WaitStep::Parked | WaitStep::Finished => {
                zelf.step.set(WaitStep::Finished);
                match zelf.error.borrow_mut().take() {
                    Some(exc) => Err(exc),
                    None => Ok(PyIterReturn::StopIteration(None)),
                }
            }
        }
    }
}
