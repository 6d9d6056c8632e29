//! A plain interactive prompt: `>>> ` and `... ` lines read from standard
//! input, each statement compiled in single mode (expression values are
//! printed) and run in `__main__`: the prompt when standard input is not a
//! terminal (a pipe, a test); on a terminal `terminal_repl.rs` edits lines.

use std::io::BufRead as _;

use rustpython_vm::{AsObject, PyResult, VirtualMachine, scope::Scope};

use crate::{compile, run as program, toplevel_await, traceback};

pub(crate) const BANNER: &str = concat!(
    "pinloop ",
    env!("CARGO_PKG_VERSION"),
    " (MicroPython-compatible asyncio on RustPython)\n",
    "Type Ctrl-D on an empty line to exit.\n"
);

/// Runs the prompt until end of input or `SystemExit` (returned as Err).
pub fn run(vm: &VirtualMachine, banner: bool) -> PyResult<()> {
    if banner {
        crate::stdio::write_stdout_now(vm, BANNER)?;
    }
    let scope = main_module_scope(vm)?;
    let stdin = std::io::stdin();
    let mut lines = LineRepl::default();
    let mut continued = false;
    loop {
        crate::stdio::write_stdout_now(vm, if continued { "... " } else { ">>> " })?;
        let mut line = String::new();
        let read = stdin.lock().read_line(&mut line);
        if !matches!(read, Ok(n) if n > 0) {
            crate::stdio::write_stdout_now(vm, "\n")?;
            return Ok(());
        }
        continued = lines.feed(vm, &scope, &line)?;
    }
}

/// Statements typed line by line: lines gather until they make a complete
/// statement (a block ends at a blank line), which is compiled in single
/// mode (expression values are printed) and run in `scope`.
#[derive(Debug, Default)]
pub struct LineRepl {
    buffer: String,
    in_block: bool,
}

impl LineRepl {
    /// Takes one line (with or without its newline); returns whether the
    /// statement goes on (the `... ` prompt). Exceptions are printed;
    /// SystemExit comes back as Err.
    pub fn feed(&mut self, vm: &VirtualMachine, scope: &Scope, line: &str) -> PyResult<bool> {
        let blank = line.trim().is_empty();
        if self.buffer.is_empty() && blank {
            return Ok(false);
        }
        self.buffer.push_str(line);
        if !line.ends_with('\n') {
            self.buffer.push('\n');
        }
        if self.in_block && !blank {
            return Ok(true);
        }
        let source = std::mem::take(&mut self.buffer);
        match compile::compile_or_incomplete(vm, &source, "<stdin>", compile::Mode::Single, true) {
            Err(exc) if exc.class().is(vm.ctx.exceptions.incomplete_input_error) && !blank => {
                self.buffer = source;
                self.in_block = true;
                return Ok(true);
            }
            Err(exc) => {
                let wrapped = exc
                    .fast_isinstance(vm.ctx.exceptions.syntax_error)
                    .then(|| toplevel_await::wrap(&source))
                    .flatten();
                match wrapped {
                    // `await` outside a function: run it as a coroutine.
                    Some(wrapped) => {
                        if let Err(exc) = run_awaiting(vm, scope, &wrapped) {
                            if program::is_system_exit(vm, &exc) {
                                self.cancel();
                                return Err(exc);
                            }
                            traceback::print_exception(vm, &exc);
                        }
                    }
                    None => traceback::print_exception(vm, &exc),
                }
            }
            Ok(code) => {
                if let Err(exc) = vm.run_code_obj(code, scope.clone()) {
                    if program::is_system_exit(vm, &exc) {
                        self.cancel();
                        return Err(exc);
                    }
                    traceback::print_exception(vm, &exc);
                }
            }
        }
        self.in_block = false;
        Ok(false)
    }

    /// Drops a statement being typed.
    pub fn cancel(&mut self) {
        self.buffer.clear();
        self.in_block = false;
    }
}

/// Runs a statement with top-level `await` (see [`toplevel_await`]) to its
/// end on the loop; displays its value as the prompt displays any.
fn run_awaiting(
    vm: &VirtualMachine,
    scope: &Scope,
    wrapped: &toplevel_await::Wrapped,
) -> PyResult<()> {
    let code = compile::compile(vm, &wrapped.source, "<stdin>", compile::Mode::Exec)?;
    vm.run_code_obj(code, scope.clone())?;
    let function = scope.globals.get_item(toplevel_await::FUNCTION, vm)?;
    let _ = scope.globals.del_item(toplevel_await::FUNCTION, vm);
    let coroutine = function.call((), vm)?;
    let asyncio = vm.import("asyncio", 0)?;
    let result = vm.call_method(&asyncio, "run", (coroutine,))?;
    if wrapped.returns_value && !vm.is_none(&result) {
        let hook = vm.sys_module.get_attr("displayhook", vm)?;
        hook.call((result,), vm)?;
    }
    Ok(())
}

/// The namespace of `__main__` (the script's, after `-i`).
pub fn main_module_scope(vm: &VirtualMachine) -> PyResult<Scope> {
    let modules = vm.sys_module.get_attr("modules", vm)?;
    match modules.get_item("__main__", vm) {
        Ok(main) => {
            let dict = main
                .dict()
                .ok_or_else(|| vm.new_type_error("__main__ has no namespace"))?;
            Ok(Scope::with_builtins(None, dict, vm))
        }
        Err(_) => program::main_scope(vm, None),
    }
}

/// The indentation the next line of a block starts with (auto-indent, at
/// the terminal REPL and a device's): the line's own, one level more after
/// a colon.
pub fn next_indent(line: &str) -> String {
    let own: String = line.chars().take_while(|c| *c == ' ').collect();
    if line.trim_end().ends_with(':') {
        own + "    "
    } else {
        own
    }
}

#[cfg(test)]
mod indent_tests {
    use super::next_indent;

    #[test]
    fn blocks_indent_after_a_colon_and_keep_their_level() {
        assert_eq!(next_indent("for i in range(3):"), "    ");
        assert_eq!(next_indent("    if i:  "), "        ");
        assert_eq!(next_indent("        print(i)"), "        ");
        assert_eq!(next_indent("x = 1"), "");
    }
}
