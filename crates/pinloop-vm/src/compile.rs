//! The one function that turns Python source into a code object. The main
//! script, `-c`, the prompt and every imported module (files and frozen
//! `lib/`) come through here: parse, the MicroPython dialect
//! ([`crate::dialect`]), the rewrites that avoid RustPython's code
//! generator bugs ([`crate::codegen_workarounds`], [`crate::finally_jumps`]),
//! then that generator, and corrections to what it emits
//! ([`crate::code_fixes`]).

use ruff_text_size::TextSize;
use rustpython_compiler::{
    CompileError, CompileOpts,
    codegen::{self, error::CodegenError, error::CodegenErrorType},
    core::{PositionEncoding, SourceFileBuilder},
    parser::{self, LexicalErrorType, ParseErrorType},
};
use rustpython_vm::{
    AsObject, PyObjectRef, PyRef, PyResult, VirtualMachine,
    builtins::{PyBaseExceptionRef, PyCode},
    compiler::Mode as VmMode,
};

use crate::{code_fixes, codegen_workarounds, dialect, finally_jumps};

/// `micropython.opt_level`: the optimisation code compiled from now on
/// gets (1 and up drop `assert`s).
static OPT_LEVEL: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

/// The optimisation level code is compiled with.
pub fn opt_level() -> u8 {
    OPT_LEVEL.load(std::sync::atomic::Ordering::Relaxed)
}

/// Sets the level for code compiled from now on.
pub fn set_opt_level(level: u8) {
    OPT_LEVEL.store(level, std::sync::atomic::Ordering::Relaxed);
}

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
    let mut opts = vm.compile_opts();
    opts.optimize = opts.optimize.max(opt_level());
    compile_dialect(source, file_name, vm_mode, opts)
        .map(|code| vm.ctx.new_code(code))
        .map_err(|err| vm.new_syntax_error_maybe_incomplete(&err, Some(source), allow_incomplete))
}

/// Compiles without the dialect, as CPython would: for comparisons.
pub fn compile_plain(
    vm: &VirtualMachine,
    source: &str,
    file_name: &str,
) -> PyResult<PyRef<PyCode>> {
    vm.compile(source, VmMode::Exec, file_name.to_owned())
        .map_err(|err| vm.new_syntax_error(&err, Some(source)))
}

/// Source as Python's tokenizer sees it: `\r\n` and `\r` line ends are
/// `\n` (in string literals too), and a module may end in a backslash
/// continuation (MicroPython and the exec mode of `compile` accept it).
fn normalized(source: &str, mode: VmMode) -> std::borrow::Cow<'_, str> {
    let mut text = std::borrow::Cow::Borrowed(source);
    if text.contains('\r') {
        text = std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"));
    }
    if matches!(mode, VmMode::Exec) {
        let body = text.trim_end_matches(['\n', ' ', '\t']);
        if let Some(body) = body.strip_suffix('\\') {
            let mut owned = body.to_owned();
            owned.push('\n');
            text = std::borrow::Cow::Owned(owned);
        }
    }
    text
}

/// Parse, rewrite, generate code.
fn compile_dialect(
    source: &str,
    file_name: &str,
    mode: VmMode,
    opts: CompileOpts,
) -> Result<rustpython_compiler::CodeObject, CompileError> {
    let source = normalized(source, mode);
    let source = source.as_ref();
    let source_file = SourceFileBuilder::new(file_name, source).finish();
    if let Some(at) = source.find('\0') {
        let location = source_file
            .to_source_code()
            .source_location(TextSize::new(at as u32), PositionEncoding::Utf8);
        return Err(CompileError::Codegen(CodegenError {
            location: Some(location),
            error: CodegenErrorType::SyntaxError(
                "source code cannot contain null bytes (a NUL character, byte 0)".to_owned(),
            ),
            source_path: file_name.to_owned(),
        }));
    }
    let parsed = parser::parse_module(source).map_err(|err| {
        let mut err = CompileError::from_ruff_parse_error(err, &source_file);
        reword_number_error(&mut err);
        err
    })?;
    let mut module = parsed.into_syntax();
    let checked = dialect::rewrite(&mut module.body)
        .and_then(|()| codegen_workarounds::rewrite(&mut module.body));
    finally_jumps::rewrite(&mut module.body);
    if let Err(err) = checked {
        let location = source_file
            .to_source_code()
            .source_location(err.range.start(), PositionEncoding::Utf8);
        return Err(CompileError::Codegen(CodegenError {
            location: Some(location),
            error: CodegenErrorType::SyntaxError(err.message),
            source_path: file_name.to_owned(),
        }));
    }
    let module = rustpython_compiler::ast::Mod::Module(module);
    let mut code = codegen::compile::compile_top(module, source_file, mode, opts)?;
    code_fixes::fix(&mut code);
    Ok(code)
}

/// A malformed number literal (`0b2`, `0x`, `0o8`, `09`, `1e`) gets
/// MicroPython's message; the parser words it as a Rust error value
/// (`ParseIntError { kind: Empty }`).
fn reword_number_error(err: &mut CompileError) {
    let CompileError::Parse(parse) = err else {
        return;
    };
    let ParseErrorType::Lexical(LexicalErrorType::OtherError(message)) = &parse.error else {
        return;
    };
    if is_number_message(message) {
        parse.error = ParseErrorType::Lexical(LexicalErrorType::OtherError(
            "invalid syntax for number".into(),
        ));
    }
}

fn is_number_message(message: &str) -> bool {
    let lower = message.to_ascii_lowercase();
    lower.starts_with("parseinterror")
        || lower.starts_with("parsefloaterror")
        || lower == "invalid decimal literal"
        || lower == "invalid decimal integer literal"
}

/// [`reword_number_error`] for a SyntaxError RustPython's own compiler
/// raised (`eval`): its `msg` and first argument.
pub(crate) fn reword_number_syntax_error(vm: &VirtualMachine, exc: &PyBaseExceptionRef) {
    if !exc.fast_isinstance(vm.ctx.exceptions.syntax_error) {
        return;
    }
    let Ok(message) = exc.as_object().get_attr("msg", vm) else {
        return;
    };
    let is_number = message
        .downcast_ref::<rustpython_vm::builtins::PyStr>()
        .and_then(|m| m.to_str())
        .is_some_and(is_number_message);
    if !is_number {
        return;
    }
    let reworded: PyObjectRef = vm.ctx.new_str("invalid syntax for number").into();
    let _ = exc.as_object().set_attr("msg", reworded.clone(), vm);
    let mut args = exc.args().as_slice().to_vec();
    if let Some(first) = args.first_mut() {
        *first = reworded;
    }
    let _ = exc.as_object().set_attr("args", vm.ctx.new_tuple(args), vm);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bounded fuzzing: mutants of MicroPython code compile or give a
    /// syntax error; the dialect rewrite and the code generator never panic.
    #[test]
    fn mutated_sources_compile_or_fail_cleanly() {
        let seeds: [&[u8]; 4] = [
            b"from micropython import const\nX = const(3)\nasync def f():\n    await g()\n    async with L:\n        yield from h()\n",
            b"def f():\n    for i in range(3):\n        try:\n            continue\n        finally:\n            return i\n",
            b"class A:\n    def __await__(self):\n        yield\nasync def m():\n    try:\n        with c:\n            raise E\n    except E:\n        pass\n",
            b"x = [i async for i in a]\ndel x\nnonlocal_bad = lambda: (yield)\nwhile 1:\n    break\nelse:\n    pass\n",
        ];
        let mut mutator = pinloop_board::mutate::Mutator::new(0x0d1a_1ec7);
        for case in 0..3_000 {
            let source = String::from_utf8_lossy(&mutator.mutant(&seeds)).into_owned();
            let outcome = std::panic::catch_unwind(|| {
                let _ = compile_dialect(&source, "fuzz.py", VmMode::Exec, CompileOpts::default());
            });
            assert!(outcome.is_ok(), "case {case} panicked on:\n{source}");
        }
    }
}
