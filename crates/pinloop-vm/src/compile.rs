//! The one function that turns Python source into a code object. The main
//! script, `-c`, the prompt and every imported module (files and frozen
//! `lib/`) come through here, so the MicroPython dialect has one place to live.

use rustpython_vm::{PyRef, PyResult, VirtualMachine, builtins::PyCode, compiler::Mode as VmMode};

/// What the source is compiled as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A module or script.
    Exec,
    /// One statement typed at a prompt: expression values are printed.
    Single,
}

/// Compiles `source`, naming it `file_name` in tracebacks. A syntax error
/// comes back as a Python `SyntaxError` carrying file, line, offset and text.
pub fn compile(
    vm: &VirtualMachine,
    source: &str,
    file_name: &str,
    mode: Mode,
) -> PyResult<PyRef<PyCode>> {
    compile_or_incomplete(vm, source, file_name, mode, false)
}

/// Like [`compile`], but when `allow_incomplete` is set, source that only
/// lacks more lines (an open block or bracket) raises `_IncompleteInputError`
/// so a prompt can ask for a continuation line.
pub fn compile_or_incomplete(
    vm: &VirtualMachine,
    source: &str,
    file_name: &str,
    mode: Mode,
    allow_incomplete: bool,
) -> PyResult<PyRef<PyCode>> {
    let vm_mode = match mode {
        Mode::Exec => VmMode::Exec,
        Mode::Single => VmMode::Single,
    };
    vm.compile(source, vm_mode, file_name.to_owned())
        .map_err(|err| vm.new_syntax_error_maybe_incomplete(&err, Some(source), allow_incomplete))
}
