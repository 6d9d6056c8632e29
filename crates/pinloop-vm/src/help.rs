//! The `help` builtin, as MicroPython's (CPython's comes from `site` and
//! `pydoc`, which pinloop does not load): a native stub that imports
//! `lib/_pinloop_help.py` on first use, so start-up pays nothing.

use rustpython_vm::{PyResult, VirtualMachine, function::FuncArgs};

pub fn install(vm: &VirtualMachine) -> PyResult<()> {
    vm.builtins
        .set_attr("help", vm.new_function("help", help), vm)
}

fn help(args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    vm.import("_pinloop_help", 0)?
        .get_attr("help", vm)?
        .call(args, vm)
}
