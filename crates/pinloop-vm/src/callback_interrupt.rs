//! Ctrl-C inside the callbacks the VM runs on its own behalf (a Timer's
//! callback, a scheduled function): a callback that loops for ever still
//! gets its KeyboardInterrupt.
//!
//! The hazard (RustPython 0.5.0, `signal.rs`, docs/rustpython.md): those
//! callbacks run from the eval breaker, inside RustPython's signal dispatch,
//! which defers every signal that arrives meanwhile until the dispatch
//! returns. A callback that never returns would never see SIGINT, and the
//! process could only be killed.
//!
//! The route around it: while such a callback runs, a trace function is
//! installed (as `sys.settrace` would, when the script has none of its
//! own), and it looks at [`CTRL_C_WAITING`], which SIGINT sets from its
//! handler (chained before RustPython's) and the device's Ctrl-C sets too.
//! It raises KeyboardInterrupt at the callback's next line; the deferred
//! SIGINT handler then finds it delivered and does not raise a second one.
//! Tracing costs the callback's lines a little time, which is why hard IRQ
//! handlers (short by contract, and not interruptible on a board either)
//! run without it.
//!
//! Everything but the SIGINT handler runs on the VM thread.

use std::sync::Arc;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::interp_local::{self, interp_local};
use rustpython_vm::{PyObjectRef, PyResult, VirtualMachine, function::FuncArgs};

/// A Ctrl-C has come and no one has raised its KeyboardInterrupt yet.
fn ctrl_c_waiting() -> &'static Arc<AtomicBool> {
    static WAITING: OnceLock<Arc<AtomicBool>> = OnceLock::new();
    WAITING.get_or_init(|| Arc::new(AtomicBool::new(false)))
}

/// A traced callback raised the KeyboardInterrupt of the Ctrl-C that is
/// still queued for the ordinary path.
static DELIVERED: AtomicBool = AtomicBool::new(false);

/// Makes SIGINT set the flag (any thread, once the VM's own SIGINT handler
/// is installed: this one is chained before it).
pub fn watch_sigint() {
    let _ = signal_hook::flag::register(libc::SIGINT, Arc::clone(ctrl_c_waiting()));
}

/// The device's Ctrl-C (from its reader thread).
pub fn note_ctrl_c() {
    ctrl_c_waiting().store(true, Ordering::SeqCst);
}

/// For the ordinary Ctrl-C path: true if a traced callback already raised
/// this Ctrl-C's KeyboardInterrupt (do not raise another). Either way the
/// Ctrl-C is no longer waiting.
pub fn take_delivered() -> bool {
    ctrl_c_waiting().store(false, Ordering::SeqCst);
    DELIVERED.swap(false, Ordering::SeqCst)
}

interp_local! {
    /// The trace function, made once per interpreter.
    static TRACE: Option<PyObjectRef> = None;
}

/// Runs `callback` with Ctrl-C able to reach it (VM thread).
pub fn run<R>(vm: &VirtualMachine, callback: impl FnOnce() -> R) -> R {
    let trace = interp_local::with(&TRACE, |t| {
        t.get_or_insert_with(|| vm.new_function("_pinloop_ctrl_c_trace", trace).into())
            .clone()
    });
    let script_traces =
        !vm.is_none(&vm.trace_func.borrow()) || !vm.is_none(&vm.profile_func.borrow());
    if script_traces {
        return callback(); // theirs stays; nested callbacks keep ours
    }
    vm.trace_func.replace(trace);
    let was_tracing = vm.use_tracing.replace(true);
    let result = callback();
    vm.trace_func.replace(vm.ctx.none());
    vm.use_tracing.set(was_tracing);
    result
}

/// The trace function: raises a waiting Ctrl-C; keeps tracing the frames
/// the callback calls.
fn trace(_args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    if ctrl_c_waiting().swap(false, Ordering::SeqCst) {
        DELIVERED.store(true, Ordering::SeqCst);
        return Err(vm.new_exception_empty(vm.ctx.exceptions.keyboard_interrupt.to_owned()));
    }
    Ok(interp_local::with(&TRACE, |t| t.clone()).unwrap_or_else(|| vm.ctx.none()))
}
