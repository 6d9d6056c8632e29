//! MicroPython's scheduler (`py/scheduler.c`): `micropython.schedule` and
//! soft IRQ handlers queue `(function, argument)` here, and the queue runs
//! on the VM thread at the next safe point between bytecodes, through the
//! VM-call channel, one callback after another, never nested.
//!
//! [`schedule_call`] may be called from any thread (Python code, the HAL's
//! IRQ delivery, a thread the script started); the run happens on the VM
//! thread only, from a VM call.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use rustpython_vm::{PyObjectRef, PyResult, VirtualMachine};

use crate::vm_calls;

/// Callbacks `schedule` holds at most (MicroPython's default depth).
pub const SCHEDULE_DEPTH: usize = 4;

/// Scheduled `(function, argument)` pairs. The lock is held only to push
/// or pop, never across a call.
static SCHEDULED: Mutex<VecDeque<(PyObjectRef, PyObjectRef)>> = Mutex::new(VecDeque::new());
/// A run of them is queued as a VM call (one at a time).
static RUN_ON_ITS_WAY: AtomicBool = AtomicBool::new(false);

fn scheduled() -> std::sync::MutexGuard<'static, VecDeque<(PyObjectRef, PyObjectRef)>> {
    SCHEDULED.lock().unwrap_or_else(|e| e.into_inner())
}

/// Drops what an earlier VM of this process left scheduled (a new VM is
/// being built: a reset ends pending callbacks, as on a board).
pub fn forget_all() {
    let left = std::mem::take(&mut *scheduled());
    RUN_ON_ITS_WAY.store(false, Ordering::SeqCst);
    drop(left); // outside the lock: dropping may drop Python objects
}

/// Runs the callbacks scheduled before this run began, oldest first; those
/// they schedule wait for the next run, so a callback that schedules itself
/// leaves the interrupted code time to run (and Ctrl-C a way in). An
/// exception is reported and the next callback runs; SystemExit and
/// KeyboardInterrupt go on into the interrupted code, and the callbacks
/// left wait for the next run.
fn run_scheduled(vm: &VirtualMachine) -> PyResult<()> {
    RUN_ON_ITS_WAY.store(false, Ordering::SeqCst);
    let mut left = scheduled().len();
    while left > 0 {
        // Its own statement: the queue's lock must not live into the body.
        let next = scheduled().pop_front();
        let Some((function, argument)) = next else {
            break;
        };
        left -= 1;
        // No borrow is held here: the callback may schedule more.
        let called = crate::callback_interrupt::run(vm, || function.call((argument,), vm));
        let header = || "Uncaught exception in scheduled function".to_owned();
        if let Err(exc) = vm_calls::settle_callback(vm, called, header) {
            request_run();
            return Err(exc);
        }
    }
    request_run();
    Ok(())
}

/// Asks for a run of the callbacks still scheduled, unless there are none
/// or a run is already on its way. False if no run can come (the VM has
/// ended).
fn request_run() -> bool {
    if scheduled().is_empty() || RUN_ON_ITS_WAY.swap(true, Ordering::SeqCst) {
        return true;
    }
    let sent = vm_calls::current()
        .is_some_and(|caller| caller.call("scheduled function", run_scheduled).is_ok());
    if !sent {
        RUN_ON_ITS_WAY.store(false, Ordering::SeqCst);
    }
    sent
}

/// `micropython.schedule`: runs `function(argument)` soon, between two
/// bytecodes of whatever runs then, after callbacks scheduled before it
/// (soft IRQ handlers take this path too). Any thread.
pub fn schedule_call(
    function: PyObjectRef,
    argument: PyObjectRef,
    vm: &VirtualMachine,
) -> PyResult<()> {
    if !function.is_callable() {
        return Err(vm.new_type_error(format!(
            "schedule() needs a callable, not '{}'",
            function.class().name()
        )));
    }
    let full = {
        let mut queue = scheduled();
        let full = queue.len() >= SCHEDULE_DEPTH;
        if !full {
            queue.push_back((function, argument));
        }
        full
    };
    if full {
        return Err(vm.new_runtime_error(format!(
            "schedule queue full ({SCHEDULE_DEPTH} callbacks wait to run)"
        )));
    }
    if !request_run() {
        return Err(vm.new_runtime_error("the program has ended: nothing scheduled runs now"));
    }
    Ok(())
}
