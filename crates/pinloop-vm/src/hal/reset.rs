//! `machine.reset()` and `machine.soft_reset()` off the board. A device
//! (`--device`) soft-resets as a board does: the SystemExit ends the
//! incarnation and device mode starts the next (`device/mod.rs`). A script
//! or a project run has nothing to restart yet, so the run ends with a line
//! on standard error saying why and exit status 3, never a silent 0 that
//! would pass in CI.
//!
//! Called from the VM thread only (the two machine functions).

use rustpython_vm::{AsObject, PyResult, VirtualMachine};

/// The exit status of a run ended by a reset.
pub const RESET_EXIT_STATUS: i32 = 3;

/// Raises the SystemExit that ends the run (or the device's incarnation).
pub fn end_run(vm: &VirtualMachine, call: &str) -> PyResult<()> {
    if crate::device::is_device() {
        return Err(vm.new_exception_empty(vm.ctx.exceptions.system_exit.to_owned()));
    }
    let message = format!(
        "pinloop: {call} ends the run (exit status {RESET_EXIT_STATUS}): \
         pinloop does not restart a program off the board; on a device \
         (pinloop --device) it soft-resets\n"
    );
    let stderr = vm.sys_module.get_attr("stderr", vm)?;
    vm.call_method(&stderr, "write", (message,))?;
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
