//! MicroPython's scheduler (`py/scheduler.c`): `micropython.schedule` and
//! soft IRQ handlers queue `(function, argument)` here, and the queue runs
//! on the VM thread at the next safe point between bytecodes, through the
//! VM-call channel, one callback after another, never nested.
//!
//! Called on the VM thread only: [`schedule_call`] from Python code or the
//! HAL's IRQ delivery, the run from a VM call.

use std::cell::RefCell;
use std::collections::VecDeque;

use rustpython_vm::{PyObjectRef, PyResult, VirtualMachine};

use crate::vm_calls;

/// Callbacks `schedule` holds at most (MicroPython's default depth).
pub const SCHEDULE_DEPTH: usize = 4;

thread_local! {
    /// Scheduled `(function, argument)` pairs, on the VM thread only.
    static SCHEDULED: RefCell<VecDeque<(PyObjectRef, PyObjectRef)>> =
        const { RefCell::new(VecDeque::new()) };
    /// A run of them is queued as a VM call (one at a time).
    static RUN_ON_ITS_WAY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs the callbacks scheduled before this run began, oldest first; those
/// they schedule wait for the next run, so a callback that schedules itself
/// leaves the interrupted code time to run (and Ctrl-C a way in). An
/// exception is reported and the next callback runs; SystemExit and
/// KeyboardInterrupt go on into the interrupted code, and the callbacks
/// left wait for the next run.
fn run_scheduled(vm: &VirtualMachine) -> PyResult<()> {
    RUN_ON_ITS_WAY.set(false);
    let mut left = SCHEDULED.with(|q| q.borrow().len());
    while left > 0
        && let Some((function, argument)) = SCHEDULED.with(|q| q.borrow_mut().pop_front())
    {
        left -= 1;
        // No borrow is held here: the callback may schedule more.
        let called = crate::callback_interrupt::run(vm, || function.call((argument,), vm));
        let Err(exc) = called else {
            continue;
        };
        if !vm_calls::ends_program(vm, &exc) {
            vm_calls::report_uncaught(vm, "scheduled function", &exc);
            continue;
        }
        request_run();
        return Err(exc);
    }
    request_run();
    Ok(())
}

/// Asks for a run of the callbacks still scheduled, unless there are none
/// or a run is already on its way. False if no run can come (the VM has
/// ended).
fn request_run() -> bool {
    if RUN_ON_ITS_WAY.get() || SCHEDULED.with(|q| q.borrow().is_empty()) {
        return true;
    }
    let sent = vm_calls::current()
        .is_some_and(|caller| caller.call("scheduled function", run_scheduled).is_ok());
    RUN_ON_ITS_WAY.set(sent);
    sent
}

/// `micropython.schedule`: runs `function(argument)` soon, between two
/// bytecodes of whatever runs then, after callbacks scheduled before it
/// (soft IRQ handlers take this path too). VM thread only; another thread
/// reaches it through a VM call.
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
    let full = SCHEDULED.with(|q| {
        let mut queue = q.borrow_mut();
        if queue.len() >= SCHEDULE_DEPTH {
            return true;
        }
        queue.push_back((function, argument));
        false
    });
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
