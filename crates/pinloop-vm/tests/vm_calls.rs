//! The VM-call channel: closures sent from other threads run between two
//! bytecodes of whatever Python code is running, and their exceptions are
//! reported instead of being raised into that code.
//!
//! RustPython's "something is pending" flag is process-wide while each VM
//! drains its own channel, so one process must run one VM at a time (as
//! pinloop does): the scenarios run in sequence inside one test.

mod common;
use common::on_vm_thread;

use std::time::Duration;

use pinloop_vm::{
    VmGone, compile,
    interp::{self, InterpConfig},
};
use rustpython_vm::{PyResult, VirtualMachine};

fn run_main(vm: &VirtualMachine, source: &str) -> PyResult<()> {
    let scope = vm.new_scope_with_main()?;
    let code = compile::compile(vm, source, "<test>", compile::Mode::Exec)?;
    vm.run_code_obj(code, scope).map(drop)
}

/// Appends `value` to the list `__main__.<name>`.
fn append_to_main_list(vm: &VirtualMachine, name: &'static str, value: i32) -> PyResult<()> {
    let main = vm
        .sys_module
        .get_attr("modules", vm)?
        .get_item("__main__", vm)?;
    let list = main.get_attr(name, vm)?;
    vm.call_method(&list, "append", (value,))?;
    Ok(())
}

fn main_attr_repr(vm: &VirtualMachine, name: &'static str) -> String {
    let main = vm
        .sys_module
        .get_attr("modules", vm)
        .unwrap()
        .get_item("__main__", vm)
        .unwrap();
    main.get_attr(name, vm)
        .unwrap()
        .repr(vm)
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

fn a_call_from_another_thread_preempts_a_busy_python_loop() {
    on_vm_thread(|| {
        let interp = interp::build(&InterpConfig::default()).unwrap();
        let caller = interp.caller().clone();
        assert!(pinloop_vm::vm_calls::current().is_some());
        let sender = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            caller
                .call("test IRQ", |vm| append_to_main_list(vm, "fired", 1))
                .unwrap();
        });
        // Without the call the loop never ends; the call lands mid-loop.
        let result = interp.enter(|vm| {
            run_main(
                vm,
                "fired = []\nspins = 0\nwhile not fired:\n    spins += 1\n",
            )
            .map_err(|e| pinloop_vm::traceback::format_exception(vm, &e))
        });
        sender.join().unwrap();
        result.unwrap();
        interp.enter(|vm| {
            assert_eq!(main_attr_repr(vm, "fired"), "[1]");
            let spins: usize = main_attr_repr(vm, "spins").parse().unwrap();
            assert!(spins > 0);
        });
    });
}

fn an_exception_in_a_call_is_reported_not_raised_into_the_running_code() {
    on_vm_thread(|| {
        let interp = interp::build(&InterpConfig::default()).unwrap();
        let caller = interp.caller().clone();
        let sender = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(20));
            caller
                .call("test IRQ", |vm| Err(vm.new_value_error("handler failed")))
                .unwrap();
            std::thread::sleep(Duration::from_millis(20));
            caller
                .call("test IRQ", |vm| append_to_main_list(vm, "fired", 2))
                .unwrap();
        });
        let result = interp.enter(|vm| {
            run_main(
                vm,
                "import sys, io\n\
                 sys.stderr = io.StringIO()\n\
                 fired = []\n\
                 while not fired:\n    pass\n\
                 report = sys.stderr.getvalue()\n",
            )
            .map_err(|e| pinloop_vm::traceback::format_exception(vm, &e))
        });
        sender.join().unwrap();
        result.unwrap();
        interp.enter(|vm| {
            assert_eq!(main_attr_repr(vm, "fired"), "[2]");
            assert_eq!(
                main_attr_repr(vm, "report"),
                "'Uncaught exception in test IRQ\\nTraceback (most recent call last):\\nValueError: handler failed\\n'"
            );
        });
    });
}

fn sending_after_the_vm_is_gone_says_so() {
    on_vm_thread(|| {
        let interp = interp::build(&InterpConfig::default()).unwrap();
        let caller = interp.caller().clone();
        drop(interp);
        assert_eq!(caller.call("late", |_| Ok(())), Err(VmGone));
    });
}

#[test]
fn vm_calls() {
    a_call_from_another_thread_preempts_a_busy_python_loop();
    an_exception_in_a_call_is_reported_not_raised_into_the_running_code();
    sending_after_the_vm_is_gone_says_so();
}
