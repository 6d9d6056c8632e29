//! The one way native code writes to the program's standard streams: through
//! Python's `sys.stdout` and `sys.stderr`, so what it prints keeps its place
//! among what the script prints (and goes wherever the script or a device
//! has pointed them), with the process's own stderr as the last resort.

use rustpython_vm::{PyResult, VirtualMachine};

/// Writes `text` to `sys.stdout`, buffered as the script's own prints are
/// (the pin log, the figures `micropython.mem_info` prints).
pub fn write_stdout(vm: &VirtualMachine, text: &str) -> PyResult<()> {
    let stdout = vm.sys_module.get_attr("stdout", vm)?;
    vm.call_method(&stdout, "write", (vm.ctx.new_str(text),))?;
    Ok(())
}

/// [`write_stdout`], then a flush: what must show before the program
/// waits (a prompt, a banner, a reset's line).
pub fn write_stdout_now(vm: &VirtualMachine, text: &str) -> PyResult<()> {
    write_stdout(vm, text)?;
    let stdout = vm.sys_module.get_attr("stdout", vm)?;
    vm.call_method(&stdout, "flush", ())?;
    Ok(())
}

/// Writes `text` to `sys.stderr` and flushes it; falls back to the
/// process's stderr when Python's is unusable (closed, replaced by a broken
/// object), so a report is never lost.
pub fn write_stderr(vm: &VirtualMachine, text: &str) {
    let written = (|| -> PyResult<()> {
        let stderr = vm.sys_module.get_attr("stderr", vm)?;
        vm.call_method(&stderr, "write", (vm.ctx.new_str(text),))?;
        vm.call_method(&stderr, "flush", ())?;
        Ok(())
    })();
    if written.is_err() {
        use std::io::Write as _;
        let _ = std::io::stderr().write_all(text.as_bytes());
    }
}

/// Flushes both streams, ignoring a stream that cannot be flushed (the
/// program is ending or restarting).
pub fn flush(vm: &VirtualMachine) {
    for name in ["stdout", "stderr"] {
        if let Ok(stream) = vm.sys_module.get_attr(name, vm) {
            let _ = vm.call_method(&stream, "flush", ());
        }
    }
}
