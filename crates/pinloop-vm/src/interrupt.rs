//! Raising an exception into running Python code from outside it: Ctrl-C's
//! KeyboardInterrupt (SIGINT, a device host's Ctrl-C) and the SystemExit or
//! KeyboardInterrupt an IRQ handler lets out. All of them arrive at
//! RustPython's eval breaker, before some instruction runs.
//!
//! The hazard (RustPython 0.5.0, `ExecutingFrame::run` in `frame.rs`; see
//! docs/rustpython.md): the breaker fires after the instruction's argument
//! has been folded into the frame's extended-argument state, and an
//! exception raised there jumps to a handler without clearing that state.
//! The handler's first instruction then runs with a corrupt argument (a
//! `SWAP` far below the stack, an `InvalidBytecode` unwrap, a jump into a
//! loop). So an exception may leave the breaker only where that cannot
//! happen; this module decides where, and otherwise keeps the exception
//! pending and looks again before the next instruction.
//!
//! Safe points, in the frame that is running (`vm.current_frame()`),
//! except at a handler's own first instruction (`PUSH_EXC_INFO`, where the
//! exception being caught is not yet the handled one: raised there, a
//! second exception would skip the handler; CPython's breaker never runs
//! there):
//! - the instruction's accumulated argument is 0 (nothing stale to carry);
//! - no handler of this frame covers the instruction (the exception leaves
//!   the frame, and the caller takes it through its normal error path);
//! - the covering handler starts with an instruction that ignores its
//!   argument (`PUSH_EXC_INFO`, which every `except`, `finally` and `with`
//!   handler starts with; `END_ASYNC_FOR`; `CLEANUP_THROW`).
//!
//! Native waits (the scheduler's idle wait, `time.sleep`, UART and poll
//! waits) are inside a call, where raising is always safe: they call
//! [`check`], which raises at once.
//!
//! Looking again: the exception is parked in [`PENDING`] and the carrier
//! signal's trigger is set, so RustPython's breaker calls
//! [`carrier_handler`] before the next instruction. Every loop has a safe
//! point (a backward jump's frame either has no handler there or reaches a
//! `PUSH_EXC_INFO`, or the loop holds an instruction with argument 0), so a
//! pending exception is raised within one iteration; the rare loop with
//! none (every argument non-zero inside a generator) gets it at its next
//! call into native code that waits.
//!
//! Everything here runs on the VM thread only.

use std::cell::{Cell, RefCell};

use crate::heap_limit;
use rustpython_vm::AsObject as _;
use rustpython_vm::{
    PyObjectRef, PyResult, VirtualMachine,
    builtins::PyBaseExceptionRef,
    bytecode::{Instruction, find_exception_handler},
};

/// The signal whose trigger makes the breaker call [`carrier_handler`]:
/// a real-time signal nothing else uses (RustPython's table ends at 63).
const CARRIER: i32 = 63;

thread_local! {

    /// The exception waiting for a safe point.
    static PENDING: RefCell<Option<PyBaseExceptionRef>> = const { RefCell::new(None) };
    /// Set while a native wait checks for signals: raising is safe there.
    static IN_NATIVE_WAIT: Cell<bool> = const { Cell::new(false) };
}

/// Installs the carrier's handler and, unless the process leaves SIGINT to
/// someone else (device mode), makes SIGINT raise KeyboardInterrupt here.
/// `signal.default_int_handler` becomes ours too (`signal` re-exports
/// `_signal`'s), so `kbd_intr` and scripts that restore it get the safe
/// path.
pub fn install(vm: &VirtualMachine, handle_sigint: bool) -> PyResult<()> {
    // The native half: `signal` itself is CPython's Python module, whose
    // enums would cost every start-up several milliseconds.
    let signal = vm.import("_signal", 0)?;
    if let Some(fd) = pinloop_sched::wake::signal_wakeup_fd() {
        vm.call_method(&signal, "set_wakeup_fd", (fd,))?;
    }
    let carrier = vm.new_function("_pinloop_carrier", carrier_handler);
    vm.call_method(&signal, "signal", (CARRIER, carrier))?;
    let on_sigint: PyObjectRef = vm
        .new_function("default_int_handler", sigint_handler)
        .into();
    signal.set_attr("default_int_handler", on_sigint.clone(), vm)?;
    if handle_sigint {
        vm.call_method(&signal, "signal", (libc::SIGINT, on_sigint))?;
        static WATCHING: std::sync::Once = std::sync::Once::new();
        WATCHING.call_once(crate::callback_interrupt::watch_sigint);
    }
    heap_limit::arm(CARRIER);
    Ok(())
}

/// Raises `exc` into the running code now if this is a safe point, else
/// at the next one. Call it from the eval breaker (a VM call, a signal
/// handler) or from native code; a later exception replaces a pending one.
pub fn raise_soon(vm: &VirtualMachine, exc: PyBaseExceptionRef) -> PyResult<()> {
    if IN_NATIVE_WAIT.get() || at_safe_point(vm) {
        PENDING.with(|p| p.borrow_mut().take());
        // One exception at a time: a MemoryError that came due while this
        // one waited is not raised again in its handler.
        heap_limit::take_due();
        if exc.fast_isinstance(vm.ctx.exceptions.memory_error) {
            heap_limit::note_raised();
        }
        return Err(exc);
    }
    PENDING.with(|p| *p.borrow_mut() = Some(exc));
    look_again(vm);
    Ok(())
}

/// Raises KeyboardInterrupt as Ctrl-C does, at the next safe point.
pub fn keyboard_interrupt(vm: &VirtualMachine) -> PyResult<()> {
    let exc = vm.new_exception_empty(vm.ctx.exceptions.keyboard_interrupt.to_owned());
    raise_soon(vm, exc)
}

/// For native waits: runs what the breaker would (signal handlers, VM
/// calls) and raises any exception they leave, pending ones included.
pub fn check(vm: &VirtualMachine) -> PyResult<()> {
    let outer = IN_NATIVE_WAIT.replace(true);
    let result = vm.check_signals();
    IN_NATIVE_WAIT.set(outer);
    result?;
    if heap_limit::take_due() {
        heap_limit::note_raised();
        return Err(heap_limit_error(vm));
    }
    match take_pending(vm) {
        Some(exc) => Err(exc),
        None => Ok(()),
    }
}

/// The pending exception, unless it is a MemoryError the program has since
/// freed memory enough to make obsolete (another MemoryError, raised by a
/// sized allocation meanwhile, may have let it go).
fn take_pending(vm: &VirtualMachine) -> Option<PyBaseExceptionRef> {
    let exc = PENDING.with(|p| p.borrow_mut().take())?;
    let obsolete = exc.fast_isinstance(vm.ctx.exceptions.memory_error) && !heap_limit::exceeded();
    (!obsolete).then_some(exc)
}

fn sigint_handler(_signum: i32, _frame: PyObjectRef, vm: &VirtualMachine) -> PyResult<()> {
    if crate::callback_interrupt::take_delivered() {
        return Ok(()); // a callback the VM ran has raised it already
    }
    keyboard_interrupt(vm)
}

fn carrier_handler(_signum: i32, _frame: PyObjectRef, vm: &VirtualMachine) -> PyResult<()> {
    if crate::vm_calls::calls_waiting() {
        crate::vm_calls::run_queued(vm)?;
    }
    if heap_limit::take_due() {
        return raise_soon(vm, heap_limit_error(vm));
    }
    match take_pending(vm) {
        Some(exc) => raise_soon(vm, exc),
        None => Ok(()),
    }
}

/// The MemoryError the heap limit raises once the program holds more.
fn heap_limit_error(vm: &VirtualMachine) -> PyBaseExceptionRef {
    vm.new_memory_error(format!(
        "memory allocation failed: the program holds more than its heap of {} bytes \
         (-X heapsize=N sets it)",
        heap_limit::limit()
    ))
}

/// Sets the carrier's trigger: the breaker fires before the next
/// instruction and calls [`carrier_handler`].
pub(crate) fn look_again(vm: &VirtualMachine) {
    let _ = rustpython_vm::signal::set_interrupt_ex(CARRIER, vm);
}

/// Whether an exception raised at the breaker now reaches a handler with
/// a clean argument (the module comment lists the cases).
fn at_safe_point(vm: &VirtualMachine) -> bool {
    let Some(frame) = vm.current_frame() else {
        // Native code outside any Python code (start-up, shutdown) may
        // check signals and drop what they raise: wait for Python code.
        return false;
    };
    let lasti = frame.lasti();
    let Some(index) = (lasti as usize).checked_sub(1) else {
        return true; // Before the first instruction no handler matches.
    };
    let code = &frame.code.code;
    let units = &*code.instructions;
    let Some(unit) = units.get(index) else {
        return true;
    };
    if matches!(unit.op, Instruction::PushExcInfo) {
        // A handler is being entered with the exception it catches on
        // the stack: raised here, another would skip that handler (the
        // table covers PUSH_EXC_INFO with the handler's own cleanup).
        return false;
    }
    let mut argument_is_zero = u8::from(unit.arg) == 0;
    let mut at = index;
    while argument_is_zero && at > 0 && matches!(units[at - 1].op, Instruction::ExtendedArg) {
        at -= 1;
        argument_is_zero = u8::from(units[at].arg) == 0;
    }
    if argument_is_zero {
        return true;
    }
    let Some(handler) = find_exception_handler(&code.exceptiontable, index as u32) else {
        return true;
    };
    units.get(handler.target as usize).is_some_and(|first| {
        matches!(
            first.op,
            Instruction::PushExcInfo | Instruction::EndAsyncFor | Instruction::CleanupThrow
        )
    })
}
