//! `_pinloop`: facts about the runtime itself, for `lib/pinloop`, and its
//! compiler, so benchmarks and tests can compare code with and without the
//! MicroPython dialect.

pub(crate) use _pinloop::module_def;

#[rustpython_vm::pymodule]
mod _pinloop {
    use rustpython_vm::{PyObjectRef, VirtualMachine};

    use crate::frozen_lib::FROZEN_LIB;

    /// pinloop's version, as `major.minor.patch`.
    #[pyattr]
    const VERSION: &str = env!("CARGO_PKG_VERSION");

    /// `compile(source, filename, dialect=True)`: a module's code object,
    /// compiled as pinloop compiles imports, or without the dialect.
    #[pyfunction]
    fn compile(
        source: rustpython_vm::builtins::PyUtf8StrRef,
        filename: rustpython_vm::builtins::PyUtf8StrRef,
        dialect: rustpython_vm::function::OptionalArg<bool>,
        vm: &VirtualMachine,
    ) -> rustpython_vm::PyResult<PyObjectRef> {
        let code = if dialect.unwrap_or(true) {
            crate::compile::compile(
                vm,
                source.as_str(),
                filename.as_str(),
                crate::compile::Mode::Exec,
            )?
        } else {
            crate::compile::compile_plain(vm, source.as_str(), filename.as_str())?
        };
        Ok(code.into())
    }

    /// Names of the modules frozen into the binary from `lib/`.
    #[pyfunction]
    fn frozen_modules(vm: &VirtualMachine) -> PyObjectRef {
        let names = FROZEN_LIB
            .iter()
            .map(|m| vm.ctx.new_str(m.name).into())
            .collect();
        vm.ctx.new_tuple(names).into()
    }

    /// The seed of `random` and `os.urandom` (`--seed`, or a fixed one on
    /// the virtual clock), None when they draw from the system.
    #[pyfunction]
    fn seed() -> Option<u64> {
        crate::seed::get()
    }
}
