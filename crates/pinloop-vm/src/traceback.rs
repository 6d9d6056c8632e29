//! Exceptions printed in MicroPython's format, so outputs compare with
//! MicroPython's: `Traceback (most recent call last):`, one
//! `  File "x.py", line N, in f` line per frame (no source lines), then
//! `Type: message`. A SyntaxError also shows the offending line and a caret.

use rustpython_vm::{
    AsObject, Py, PyObjectRef, VirtualMachine,
    builtins::{PyBaseExceptionRef, PyType},
    types::PyTypeFlags,
};

/// Identical consecutive frames beyond this many are folded into one line.
const REPEATS_SHOWN: usize = 3;

/// Formats `exc` as MicroPython prints an uncaught exception.
pub fn format_exception(vm: &VirtualMachine, exc: &PyBaseExceptionRef) -> String {
    format_exception_skipping(vm, exc, "")
}

/// [`format_exception`], leaving out the frames of the file named `skip`
/// (a frozen library module that runs the user's callback; "" keeps all).
pub fn format_exception_skipping(
    vm: &VirtualMachine,
    exc: &PyBaseExceptionRef,
    skip: &str,
) -> String {
    let mut out = String::new();
    match traceback_limit(vm) {
        Some(0) => {}
        limit => {
            out.push_str("Traceback (most recent call last):\n");
            push_frames(exc, &mut out, limit, skip);
        }
    }
    if exc.fast_isinstance(vm.ctx.exceptions.syntax_error) {
        push_syntax_error_location(vm, exc, &mut out);
    }
    out.push_str(&exception_line(vm, exc));
    out.push('\n');
    out
}

/// Writes `exc` in MicroPython's format to `sys.stderr` (in order with what
/// Python code wrote there), or to the process's stderr if that fails.
pub fn print_exception(vm: &VirtualMachine, exc: &PyBaseExceptionRef) {
    crate::stdio::write_stderr(vm, &format_exception(vm, exc));
}

/// One `File` line per frame, innermost last; the import system's own
/// frames are left out (they are machinery, not the user's code).
/// `sys.tracebacklimit`, as MicroPython reads it: the number of frames
/// shown, outermost first (0 or less: none, and no header).
fn traceback_limit(vm: &VirtualMachine) -> Option<usize> {
    let limit = vm.sys_module.get_attr("tracebacklimit", vm).ok()?;
    let limit: i64 = limit.try_to_value(vm).ok()?;
    Some(limit.max(0) as usize)
}

fn push_frames(exc: &PyBaseExceptionRef, out: &mut String, limit: Option<usize>, skip: &str) {
    let mut lines: Vec<String> = Vec::new();
    let mut tb = exc.__traceback__();
    while let Some(entry) = tb {
        let code = &entry.frame.code;
        let file = code.source_path().as_str();
        if !is_import_machinery(file) && (skip.is_empty() || file != skip) {
            lines.push(format!(
                "  File \"{file}\", line {}, in {}\n",
                entry.lineno.get(),
                code.code.obj_name.as_str()
            ));
        }
        tb = entry.next.lock().clone();
    }
    if let Some(limit) = limit {
        lines.truncate(limit);
    }
    let mut i = 0;
    while i < lines.len() {
        let mut run = 1;
        while i + run < lines.len() && lines[i + run] == lines[i] {
            run += 1;
        }
        for _ in 0..run.min(REPEATS_SHOWN) {
            out.push_str(&lines[i]);
        }
        if run > REPEATS_SHOWN {
            let more = run - REPEATS_SHOWN;
            let s = if more == 1 { "" } else { "s" };
            out.push_str(&format!("  [Previous line repeated {more} more time{s}]\n"));
        }
        i += run;
    }
}

/// Frames that are pinloop's or the import system's plumbing, not the
/// user's code: importlib, and the bus module between a driver and the
/// device model it calls (so a model's traceback starts at the model).
fn is_import_machinery(file: &str) -> bool {
    file.starts_with("_frozen_importlib")
        || file.starts_with("<frozen importlib")
        || file == "_pinloop_buses.py"
}

/// `  File "x.py", line N`, the line's text and a caret under the error.
fn push_syntax_error_location(vm: &VirtualMachine, exc: &PyBaseExceptionRef, out: &mut String) {
    let attr = |name: &'static str| -> Option<PyObjectRef> {
        exc.as_object()
            .get_attr(name, vm)
            .ok()
            .filter(|v| !vm.is_none(v))
    };
    let int_attr = |name: &'static str| -> Option<usize> {
        attr(name).and_then(|v| v.try_into_value::<usize>(vm).ok())
    };
    let Some(file) = attr("filename").and_then(|v| v.str(vm).ok()) else {
        return;
    };
    let lineno = int_attr("lineno").unwrap_or(1);
    out.push_str(&format!(
        "  File \"{}\", line {lineno}\n",
        file.to_string_lossy()
    ));
    let Some(text) = attr("text").and_then(|v| v.str(vm).ok()) else {
        return;
    };
    let text = text.to_string_lossy();
    let text = text.trim_end_matches(['\n', '\r']);
    let stripped = text.trim_start();
    if stripped.is_empty() {
        return;
    }
    let indent = text.chars().count() - stripped.chars().count();
    out.push_str(&format!("    {stripped}\n"));
    if let Some(offset) = int_attr("offset").filter(|&o| o >= 1) {
        let start = (offset - 1).saturating_sub(indent);
        let same_line = int_attr("end_lineno").is_none_or(|end| end == lineno);
        let width = match int_attr("end_offset") {
            Some(end) if same_line && end > offset => end - offset,
            _ => 1,
        };
        let width = width.min(stripped.chars().count().saturating_sub(start).max(1));
        out.push_str(&format!("    {}{}\n", " ".repeat(start), "^".repeat(width)));
    }
}

/// `Type: message` as MicroPython prints it: the bare class name; no
/// message for no arguments; the argument's `str` for one (so a KeyError
/// shows its key as is); the tuple for several; a class's own `__str__` wins.
fn exception_line(vm: &VirtualMachine, exc: &PyBaseExceptionRef) -> String {
    let class = exc.class();
    let name = class.name().to_string();
    if exc.fast_isinstance(vm.ctx.exceptions.syntax_error) {
        let msg = exc
            .as_object()
            .get_attr("msg", vm)
            .ok()
            .and_then(|m| m.str(vm).ok());
        return match msg {
            Some(msg) => format!("{name}: {}", msg.to_string_lossy()),
            None => name,
        };
    }
    let args = exc.args();
    let message = match args.as_slice() {
        [] if !has_own_str(vm, class) => return name,
        [arg] if !has_own_str(vm, class) => arg.str(vm),
        _ => exc.as_object().str(vm),
    };
    match message {
        // RustPython leaves a trailing space on its recursion message.
        Ok(text) if exc.fast_isinstance(vm.ctx.exceptions.recursion_error) => {
            format!("{name}: {}", text.to_string_lossy().trim_end())
        }
        Ok(text) => format!("{name}: {}", text.to_string_lossy()),
        Err(_) => format!("{name}: <exception str() failed>"),
    }
}

/// True when a class defined in Python (not a builtin exception type)
/// provides `__str__`.
fn has_own_str(vm: &VirtualMachine, class: &Py<PyType>) -> bool {
    let dunder_str = vm.ctx.intern_str("__str__");
    let owner = std::iter::once(class.to_owned())
        .chain(class.mro.read().iter().cloned())
        .find(|base| base.attributes.read().contains_key(dunder_str));
    owner.is_some_and(|base| base.slots.flags.has_feature(PyTypeFlags::HEAPTYPE))
}
