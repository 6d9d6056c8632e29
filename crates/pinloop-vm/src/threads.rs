//! Threads other than the VM thread ("workers"): `_thread.start_new_thread`
//! and `threading.Thread` run their function through [`run_worker`], which
//! marks the OS thread as a worker for the life of the function.
//!
//! What being a worker changes, and why:
//! - The VM thread's clock rule counts a running worker as a source that
//!   may wake it (it may set a ThreadSafeFlag or schedule a call), so on the
//!   virtual clock the loop follows real time instead of jumping past it.
//! - A worker's waits (`time.sleep`, `select.poll`, a device's blocking
//!   call) last their length in real time and never fire the board's
//!   timeline or serve VM calls: those belong to the VM thread
//!   (`wait::step`).
//! - An exception that ends the function is printed as MicroPython's unix
//!   port prints it (`Unhandled exception in thread started by <repr>`
//!   and the traceback); SystemExit ends the thread quietly.
//!
//! The starters are RustPython's, patched in place at start-up (importlib
//! imported `_thread` before our code runs); the function the OS thread
//! runs is a plain native function with its arguments in a tuple, so
//! nothing is allocated for good per thread started.

use std::cell::Cell;

use rustpython_vm::{
    AsObject, PyObjectRef, PyResult, VirtualMachine,
    builtins::{PyDict, PyDictRef, PyList, PyTuple, PyTupleRef},
    function::{FuncArgs, KwArgs},
};

thread_local! {
    static WORKER: Cell<bool> = const { Cell::new(false) };
}

/// Whether this OS thread runs a thread the script started (any thread).
pub fn is_worker() -> bool {
    WORKER.get()
}

/// The `_thread` names patched, with RustPython's originals kept under a
/// private name beside them.
const STARTERS: [(&str, &str); 2] = [
    ("start_new_thread", "_pinloop_start_new_thread"),
    ("start_joinable_thread", "_pinloop_start_joinable_thread"),
];

/// Patches `_thread`'s starters (see the module's text).
pub fn install(vm: &VirtualMachine) -> PyResult<()> {
    let thread = vm.import("_thread", 0)?;
    for (name, original) in STARTERS {
        let plain = thread.get_attr(name, vm)?;
        thread.set_attr(original, plain, vm)?;
    }
    thread.set_attr(
        "start_new_thread",
        vm.new_function("start_new_thread", start_new_thread),
        vm,
    )?;
    thread.set_attr(
        "start_joinable_thread",
        vm.new_function("start_joinable_thread", start_joinable_thread),
        vm,
    )?;
    thread.set_attr(
        "_pinloop_run_worker",
        vm.new_function("_pinloop_run_worker", run_worker),
        vm,
    )?;
    Ok(())
}

/// Starts a worker with `start`, counting it as an outside source from
/// before its OS thread exists (the worker's [`SourceEnds`] ends it); the
/// count is undone if the thread never starts.
fn counted(start: impl FnOnce() -> PyResult) -> PyResult {
    pinloop_sched::wake::outside_source_started();
    let started = start();
    if started.is_err() {
        pinloop_sched::wake::outside_source_ended();
    }
    started
}

/// Ends the worker's outside source when its function returns or unwinds.
struct SourceEnds;

impl Drop for SourceEnds {
    fn drop(&mut self) {
        WORKER.set(false);
        pinloop_sched::wake::outside_source_ended();
    }
}

/// `_thread.start_new_thread(function, args[, kwargs])`: RustPython's
/// checks and thread, running `function` as a worker.
fn start_new_thread(args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    let thread = vm.import("_thread", 0)?;
    let plain = thread.get_attr(STARTERS[0].1, vm)?;
    if !args.kwargs.is_empty() || args.args.len() < 2 || args.args.len() > 3 {
        return plain.call(args, vm); // RustPython's own error
    }
    let function = args.args[0].clone();
    if !function.is_callable() {
        return plain.call(args, vm);
    }
    // MicroPython takes a list of arguments as well as a tuple.
    let call_args = &args.args[1];
    let call_args: PyObjectRef = if let Some(list) = call_args.downcast_ref::<PyList>() {
        vm.ctx.new_tuple(list.borrow_vec().to_vec()).into()
    } else if call_args.downcastable::<PyTuple>() {
        call_args.clone()
    } else {
        return Err(vm.new_type_error("2nd arg must be a tuple"));
    };
    let kwargs = args.args.get(2).cloned().unwrap_or_else(|| vm.ctx.none());
    if !vm.is_none(&kwargs) && !kwargs.downcastable::<PyDict>() {
        return Err(vm.new_type_error("expecting a dict for keyword args"));
    }
    let runner = thread.get_attr("_pinloop_run_worker", vm)?;
    let packed = vm.ctx.new_tuple(vec![
        function,
        call_args,
        kwargs,
        vm.ctx.new_bool(true).into(),
    ]);
    let args = vm.ctx.new_tuple(vec![packed.into()]);
    counted(|| plain.call((runner, args), vm))
}

/// `_thread.start_joinable_thread(function, handle=None, daemon=True)`
/// (what `threading.Thread.start` calls): the same, for a function of no
/// arguments whose exceptions `threading` reports itself.
fn start_joinable_thread(mut args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    let thread = vm.import("_thread", 0)?;
    let plain = thread.get_attr(STARTERS[1].1, vm)?;
    let slot = if args.args.is_empty() {
        args.kwargs.get_mut("function")
    } else {
        args.args.first_mut()
    };
    let Some(slot) = slot.filter(|function| function.is_callable()) else {
        return plain.call(args, vm); // RustPython's own error
    };
    let runner = thread.get_attr("_pinloop_run_worker", vm)?;
    let packed = vm.ctx.new_tuple(vec![
        slot.clone(),
        vm.ctx.empty_tuple.clone().into(),
        vm.ctx.none(),
        vm.ctx.new_bool(false).into(),
    ]);
    let partial = vm.import("functools", 0)?.get_attr("partial", vm)?;
    *slot = partial.call((runner, packed), vm)?;
    counted(|| plain.call(args, vm))
}

/// What the OS thread runs: `(function, args, kwargs, report)` (worker
/// thread, started by one of the starters above, which counted it as an
/// outside source).
fn run_worker(packed: PyTupleRef, vm: &VirtualMachine) -> PyResult {
    WORKER.set(true);
    let _ends = SourceEnds;
    let [function, args, kwargs, report] = packed.as_slice() else {
        return Err(vm.new_type_error("_pinloop_run_worker takes a 4-tuple"));
    };
    let args: PyTupleRef = args
        .clone()
        .downcast()
        .map_err(|_| vm.new_type_error("2nd arg must be a tuple"))?;
    let kwargs: Option<PyDictRef> = (!vm.is_none(kwargs))
        .then(|| kwargs.clone().downcast())
        .transpose()
        .map_err(|_| vm.new_type_error("optional 3rd arg must be a dictionary"))?;
    let kwargs: KwArgs = kwargs
        .map(|dict| {
            dict.into_iter()
                .filter_map(|(key, value)| {
                    let key = key.downcast_ref::<rustpython_vm::builtins::PyStr>()?;
                    Some((key.to_string(), value))
                })
                .collect()
        })
        .unwrap_or_default();
    let result = function.call(FuncArgs::new(args.to_vec(), kwargs), vm);
    match result {
        Err(exc) if report.clone().try_to_bool(vm)? => {
            if !exc.fast_isinstance(vm.ctx.exceptions.system_exit) {
                let name = function.repr(vm).map(|r| r.to_string()).unwrap_or_default();
                crate::vm_calls::report_with_header(
                    vm,
                    &format!("Unhandled exception in thread started by {name}"),
                    &exc,
                );
            }
            Ok(vm.ctx.none())
        }
        other => other,
    }
}
