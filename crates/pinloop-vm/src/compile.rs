//! The one function that turns Python source into a code object. The main
//! script, `-c`, the prompt and every imported module (files and frozen
//! `lib/`) come through here: parse, the MicroPython dialect
//! ([`crate::dialect`]), the rewrites that avoid RustPython's code
//! generator bugs ([`crate::codegen_workarounds`], [`crate::finally_jumps`]),
//! then that generator, and corrections to what it emits
//! ([`crate::code_fixes`]).

use rustpython_compiler::{
    CompileError, CompileOpts,
    codegen::{self, error::CodegenError, error::CodegenErrorType},
    core::{PositionEncoding, SourceFileBuilder},
    parser,
};
use rustpython_vm::{PyRef, PyResult, VirtualMachine, builtins::PyCode, compiler::Mode as VmMode};

use crate::{code_fixes, codegen_workarounds, dialect, finally_jumps};

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
    opts.optimize = opts.optimize.max(crate::micropython::opt_level());
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
    let parsed = parser::parse_module(source)
        .map_err(|err| CompileError::from_ruff_parse_error(err, &source_file))?;
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
