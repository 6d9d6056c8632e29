//! `machine.reset()`, `machine.soft_reset()`, a watchdog that was not fed
//! (`machine.WDT`), `machine.deepsleep()`, and `reset_cause()`.
//!
//! - A device (`--device`) soft-resets as a board does: the SystemExit ends
//!   the incarnation and device mode starts the next (`device/mod.rs`).
//! - A project run (`pinloop DIR`) restarts the board: the SystemExit ends
//!   this life of the program, the request noted here tells `run.rs` to
//!   start the next on a fresh VM thread (boot.py, main.py again), and
//!   `reset_cause()` then says which reset it was.
//! - A script has nothing to restart, so the run ends with a line on
//!   standard error saying why and exit status 3, never a silent 0 that
//!   would pass in CI.
//!
//! Called from the VM thread only (the machine functions), except
//! [`take_request`] and [`note_restart`], which `run.rs` calls between two
//! lives of a project.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

use rustpython_vm::{AsObject, PyResult, VirtualMachine};

/// The exit status of a script run ended by a reset.
pub const RESET_EXIT_STATUS: i32 = 3;

/// `machine.reset_cause()` values, as MicroPython's ESP32 and rp2 ports.
pub const PWRON_RESET: u8 = 1;
pub const HARD_RESET: u8 = 2;
pub const WDT_RESET: u8 = 3;
pub const DEEPSLEEP_RESET: u8 = 4;
pub const SOFT_RESET: u8 = 5;

/// Which reset a program asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reset {
    /// `machine.reset()`: as the reset pin.
    Hard,
    /// `machine.soft_reset()`: the interpreter only.
    Soft,
    /// The watchdog timed out.
    Watchdog,
    /// `machine.deepsleep()` ended: the board wakes as from a reset.
    DeepSleep,
}

/// Whether this process runs a project, whose resets restart it.
static PROJECT: AtomicBool = AtomicBool::new(false);
/// The reset the current life of the project asked for.
static REQUESTED: Mutex<Option<Reset>> = Mutex::new(None);
/// What `reset_cause()` answers in this life.
static CAUSE: AtomicU8 = AtomicU8::new(PWRON_RESET);

/// Whether this process is a device, whose front end soft-resets.
static DEVICE: AtomicBool = AtomicBool::new(false);

/// Device mode: a reset ends the incarnation; the device starts the next.
pub fn restart_as_device() {
    DEVICE.store(true, Ordering::SeqCst);
}

/// Project mode: resets restart the board instead of ending the run.
pub fn restart_on_reset() {
    PROJECT.store(true, Ordering::SeqCst);
}

/// The reset the life that just ended asked for, if any (taken).
pub fn take_request() -> Option<Reset> {
    REQUESTED.lock().unwrap_or_else(|e| e.into_inner()).take()
}

/// The next life starts after `reset`: `reset_cause()` says so.
pub fn note_restart(reset: Reset) {
    let cause = match reset {
        Reset::Hard => HARD_RESET,
        Reset::Soft => SOFT_RESET,
        Reset::Watchdog => WDT_RESET,
        Reset::DeepSleep => DEEPSLEEP_RESET,
    };
    CAUSE.store(cause, Ordering::SeqCst);
}

/// `machine.reset_cause()`: power-on at first, then the last reset's.
pub fn cause() -> u8 {
    CAUSE.load(Ordering::SeqCst)
}

/// Raises the SystemExit that ends the run, or this life of the device or
/// the project.
pub fn end_run(vm: &VirtualMachine, call: &str, reset: Reset) -> PyResult<()> {
    if DEVICE.load(Ordering::SeqCst) {
        return Err(vm.new_exception_empty(vm.ctx.exceptions.system_exit.to_owned()));
    }
    if PROJECT.load(Ordering::SeqCst) {
        *REQUESTED.lock().unwrap_or_else(|e| e.into_inner()) = Some(reset);
        return Err(vm.new_exception_empty(vm.ctx.exceptions.system_exit.to_owned()));
    }
    let message = format!(
        "pinloop: {call} ends the run (exit status {RESET_EXIT_STATUS}): \
         a script has nothing to restart; run the firmware folder (pinloop DIR) \
         to restart it as a board does, or a device (pinloop --device)\n"
    );
    crate::stdio::write_stderr(vm, &message);
    // Made by calling the type, not `new_exception` (docs/rustpython.md,
    // bug 9: a payload of the wrong kind).
    let exc = vm
        .ctx
        .exceptions
        .system_exit
        .as_object()
        .call((RESET_EXIT_STATUS,), vm)?;
    Err(exc
        .downcast()
        .map_err(|_| vm.new_runtime_error("SystemExit() did not make an exception"))?)
}
