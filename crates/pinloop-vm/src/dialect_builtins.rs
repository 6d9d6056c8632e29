//! `exec` and `compile` of source text go through pinloop's compiler, so
//! code built at run time speaks the MicroPython dialect as scripts and
//! imports do (on a board the one compiler serves them all): `const()`,
//! `__iter__` awaitables, `yield from` a coroutine. Everything else
//! (code objects, `ast` flags, `eval`, which only gets Python's line-end
//! rule) is left to RustPython's builtins, kept under hidden names and
//! called through.

use rustpython_vm::{PyObjectRef, PyResult, VirtualMachine, builtins::PyStr, function::FuncArgs};

use crate::compile::{Mode, compile};

const PLAIN_EXEC: &str = "__pinloop_plain_exec__";
const PLAIN_COMPILE: &str = "__pinloop_plain_compile__";
const PLAIN_EVAL: &str = "__pinloop_plain_eval__";

pub fn install(vm: &VirtualMachine) -> PyResult<()> {
    let builtins = &vm.builtins;
    builtins.set_attr(PLAIN_EXEC, builtins.get_attr("exec", vm)?, vm)?;
    builtins.set_attr(PLAIN_COMPILE, builtins.get_attr("compile", vm)?, vm)?;
    builtins.set_attr("exec", vm.new_function("exec", dialect_exec), vm)?;
    builtins.set_attr("compile", vm.new_function("compile", dialect_compile), vm)?;
    builtins.set_attr(PLAIN_EVAL, builtins.get_attr("eval", vm)?, vm)?;
    builtins.set_attr("eval", vm.new_function("eval", line_ends_eval), vm)?;
    Ok(())
}

/// `eval(source, ...)`: RustPython's, with `\r\n` and `\r` line ends read
/// as `\n` (also inside string literals), as Python's tokenizer reads them.
fn line_ends_eval(mut args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    if let Some(text) = args.args.first().and_then(|a| a.downcast_ref::<PyStr>())
        && let Some(text) = text.to_str()
        && text.contains('\r')
    {
        let normal = text.replace("\r\n", "\n").replace('\r', "\n");
        args.args[0] = vm.ctx.new_str(normal).into();
    }
    let plain = vm.builtins.get_attr(PLAIN_EVAL, vm)?;
    plain
        .call(args, vm)
        .inspect_err(|exc| crate::compile::reword_number_syntax_error(vm, exc))
}

/// Source text as a string, when `object` is source (str, or any
/// bytes-like object in UTF-8, as MicroPython's exec takes; others are left
/// to RustPython's error).
fn source_text(vm: &VirtualMachine, object: &PyObjectRef) -> Option<String> {
    if let Some(text) = object.downcast_ref::<PyStr>() {
        return Some(text.to_string());
    }
    let bytes =
        <rustpython_vm::function::ArgBytesLike as rustpython_vm::TryFromObject>::try_from_object(
            vm,
            object.clone(),
        )
        .ok()?;
    std::str::from_utf8(&bytes.borrow_buf())
        .ok()
        .map(str::to_owned)
}

/// `exec(source, ...)`: source text is compiled with the dialect first.
fn dialect_exec(mut args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    if let Some(first) = args.args.first()
        && let Some(source) = source_text(vm, first)
    {
        let code = compile(vm, &source, "<string>", Mode::Exec)?;
        args.args[0] = code.into();
    }
    let plain = vm.builtins.get_attr(PLAIN_EXEC, vm)?;
    plain.call(args, vm)
}

/// `compile(source, filename, mode)` without flags, in "exec" or "single"
/// mode, uses the dialect; any other call is RustPython's.
fn dialect_compile(args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    if let Some((source, filename, mode)) = dialect_case(&args, vm)? {
        return Ok(compile(vm, &source, &filename, mode)?.into());
    }
    let plain = vm.builtins.get_attr(PLAIN_COMPILE, vm)?;
    plain.call(args, vm)
}

fn dialect_case(args: &FuncArgs, vm: &VirtualMachine) -> PyResult<Option<(String, String, Mode)>> {
    let positional = &args.args;
    let keyword = |name: &str| args.kwargs.get(name).cloned();
    let nth = |index: usize, name: &str| positional.get(index).cloned().or_else(|| keyword(name));
    let (Some(source), Some(filename), Some(mode)) =
        (nth(0, "source"), nth(1, "filename"), nth(2, "mode"))
    else {
        return Ok(None);
    };
    let flags_given = nth(3, "flags").is_some_and(|flags| {
        flags
            .try_to_value::<i64>(vm)
            .map_or(true, |value| value != 0)
    });
    if flags_given
        || positional.len() > 4
        || args
            .kwargs
            .keys()
            .any(|k| !matches!(k.as_str(), "source" | "filename" | "mode" | "flags"))
    {
        return Ok(None);
    }
    let mode = match mode.downcast_ref::<PyStr>().map(|m| m.to_string()) {
        Some(m) if m == "exec" => Mode::Exec,
        Some(m) if m == "single" => Mode::Single,
        _ => return Ok(None),
    };
    let Some(source) = source_text(vm, &source) else {
        return Ok(None);
    };
    let filename = filename.str(vm)?.to_string();
    Ok(Some((source, filename, mode)))
}
