//! Callbacks the loop calls (CPython's `call_soon`, `call_later`,
//! `call_at` and done callbacks): a Handle in the time queue, beside the
//! tasks, so a callback runs in deadline order with them and costs no task.

use pinloop_sched::clock;
use rustpython_vm::{
    Py, PyObjectRef, PyPayload, PyRef, PyResult, VirtualMachine, pyclass, types::Representable,
};

use super::event_loop::{self, Entry};
use crate::shared::SharedCell;

#[pyclass(module = "asyncio", name = "Handle")]
#[derive(Debug, PyPayload)]
pub struct Handle {
    callback: PyObjectRef,
    args: Vec<PyObjectRef>,
    /// When it is due, in the seconds of `loop.time()`, as given.
    when: f64,
    cancelled: SharedCell<bool>,
}

/// CPython's check, made when the callback is queued rather than when it
/// would fail.
pub(super) fn require_callable(
    callback: &PyObjectRef,
    method: &str,
    vm: &VirtualMachine,
) -> PyResult<()> {
    if callback.is_callable() {
        return Ok(());
    }
    Err(vm.new_type_error(format!(
        "a callable object was expected by {method}(), got {}",
        callback.repr(vm)?.to_string_lossy()
    )))
}

/// Queues `callback(*args)` to run now, behind everything already due.
pub(super) fn call_soon(
    callback: PyObjectRef,
    args: Vec<PyObjectRef>,
    vm: &VirtualMachine,
) -> PyRef<Handle> {
    let now = clock::now_us();
    call_at(now, now as f64 / 1e6, callback, args, vm)
}

/// Seconds to the clock's microseconds, to the nearest one (floats that
/// mean whole microseconds are a hair off either way).
pub(super) fn seconds_to_us(seconds: f64) -> u64 {
    (seconds * 1e6).round().max(0.0) as u64 // saturating; NaN is 0
}

/// Queues `callback(*args)` to run at `when_us`, which is `when` seconds
/// of `loop.time()`.
pub(super) fn call_at(
    when_us: u64,
    when: f64,
    callback: PyObjectRef,
    args: Vec<PyObjectRef>,
    vm: &VirtualMachine,
) -> PyRef<Handle> {
    let handle = Handle {
        callback,
        args,
        when,
        cancelled: SharedCell::new(false),
    }
    .into_ref(&vm.ctx);
    if when_us <= clock::now_us() {
        event_loop::push_now(Entry::Call(handle.clone()));
    } else {
        event_loop::push(when_us, Entry::Call(handle.clone()));
    }
    handle
}

/// Calls the handle's callback unless it was cancelled. An Exception (or
/// CancelledError) goes to the loop's exception handler, as in CPython;
/// SystemExit and KeyboardInterrupt stop the loop.
pub(super) fn run(handle: PyRef<Handle>, vm: &VirtualMachine) -> PyResult<()> {
    if handle.cancelled.get() {
        return Ok(());
    }
    let Err(exc) = handle.callback.call(handle.args.clone(), vm) else {
        return Ok(());
    };
    if !event_loop::task_level(&exc, vm) {
        return Err(exc);
    }
    let context = vm.ctx.new_dict();
    let message = format!("Exception in callback {}", callback_repr(&handle, vm));
    context.set_item("message", vm.ctx.new_str(message).into(), vm)?;
    context.set_item("exception", exc.into(), vm)?;
    context.set_item("handle", handle.into(), vm)?;
    event_loop::call_exception_handler(context, vm)
}

fn callback_repr(handle: &Handle, vm: &VirtualMachine) -> String {
    let name = |object: &PyObjectRef| {
        vm.get_attribute_opt(object.clone(), "__qualname__")
            .ok()
            .flatten()
            .and_then(|n| n.str(vm).ok())
            .map(|s| s.to_string_lossy().into_owned())
            .or_else(|| {
                object
                    .repr(vm)
                    .ok()
                    .map(|s| s.to_string_lossy().into_owned())
            })
            .unwrap_or_else(|| "?".to_owned())
    };
    let args: Vec<String> = handle
        .args
        .iter()
        .map(|a| {
            a.repr(vm)
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|_| "?".to_owned())
        })
        .collect();
    format!("{}({})", name(&handle.callback), args.join(", "))
}

#[pyclass(with(Representable))]
impl Handle {
    /// Stops the callback from being called, if it has not run yet.
    #[pymethod]
    fn cancel(&self) {
        self.cancelled.set(true);
    }

    #[pymethod]
    fn cancelled(&self) -> bool {
        self.cancelled.get()
    }

    /// When the callback is due, in the seconds of `loop.time()`.
    #[pymethod]
    fn when(&self) -> f64 {
        self.when
    }
}

impl Representable for Handle {
    fn repr_str(zelf: &Py<Self>, vm: &VirtualMachine) -> PyResult<String> {
        if zelf.cancelled.get() {
            return Ok("<Handle cancelled>".to_owned());
        }
        Ok(format!("<Handle {}>", callback_repr(zelf, vm)))
    }
}
