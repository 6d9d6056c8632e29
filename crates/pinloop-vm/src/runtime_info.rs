//! `_pinloop`: facts about the runtime itself, for `lib/pinloop`.

pub(crate) use _pinloop::module_def;

#[rustpython_vm::pymodule]
mod _pinloop {
    use rustpython_vm::{PyObjectRef, VirtualMachine};

    use crate::frozen_lib::FROZEN_LIB;

    /// pinloop's version, as `major.minor.patch`.
    #[pyattr]
    const VERSION: &str = env!("CARGO_PKG_VERSION");

    /// Names of the modules frozen into the binary from `lib/`.
    #[pyfunction]
    fn frozen_modules(vm: &VirtualMachine) -> PyObjectRef {
        let names = FROZEN_LIB
            .iter()
            .map(|m| vm.ctx.new_str(m.name).into())
            .collect();
        vm.ctx.new_tuple(names).into()
    }
}
