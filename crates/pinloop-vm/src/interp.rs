//! Building the interpreter: RustPython's VM with its native standard
//! library, CPython's pure-Python library frozen from `rustpython-pylib`
//! (each module deserialized only when imported), our native modules, the
//! VM-call channel, and after initialization our finder and `sys.path`;
//! and the [`Runtime`] that owns the result and the state that lives as
//! long as it.

use rustpython_vm::{
    Interpreter, PyResult, Settings, VirtualMachine,
    builtins::{PyModuleDef, PyModuleSlots, PyStrRef},
    function::PyMethodDef,
};

use crate::{
    asyncio, awaitables, device_root, dialect_builtins, exception_value, framebuf, frozen_lib, hal,
    importer, interrupt, memory, micropython, module_fixes, mp_re, mp_time, relative_import,
    runtime_info, select_poll, size_checks, sys_compat, traceback, type_fixes, vm_calls,
};

/// What the interpreter is built with.
#[derive(Debug, Clone, Default)]
pub struct InterpConfig {
    /// `sys.argv`.
    pub argv: Vec<String>,
    /// `sys.path` ahead of `.frozen`: the script's folder, then `MICROPYPATH`.
    pub path: Vec<String>,
    /// Leave SIGINT and friends alone (a device is interrupted by its
    /// host's Ctrl-C, and the process's signals stop the device).
    pub no_signal_handlers: bool,
}

/// One interpreter and the state it owns, with one owner: the VM, the
/// state its mechanisms keep per interpreter ([`crate::interp_local`]: the
/// event loop, waiting tasks, cached classes, the seeded stream) and the
/// process-wide queues only it reads (the VM calls and MicroPython's
/// schedule queue). Dropping it ends all of that at once, on the thread
/// that built it: a reset drops the runtime and builds another.
///
/// The board is process-wide (the script's threads share it): a new
/// runtime starts a fresh one from the chosen definition, after a reset
/// has carried over what goes on ([`crate::hal::carry_over_reset`]).
pub struct Runtime {
    interp: Interpreter,
    caller: vm_calls::VmCaller,
}

impl Runtime {
    /// Runs `f` with the VM entered on this thread.
    pub fn enter<R>(&self, f: impl FnOnce(&VirtualMachine) -> R) -> R {
        self.interp.enter(f)
    }

    /// What other threads use to run closures on this VM between bytecodes
    /// (the same as [`vm_calls::current`] while this runtime is the newest).
    pub fn caller(&self) -> &vm_calls::VmCaller {
        &self.caller
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        // Outside the VM, so what is dropped here runs no Python: a task
        // left waiting does not run its `finally` as the program ends
        // (MicroPython's soft reset sweeps the heap without running it).
        crate::interp_local::forget_all();
        crate::scheduler::forget_all();
        vm_calls::close();
    }
}

/// Builds an initialized interpreter, owned by the [`Runtime`] returned.
/// An error is the formatted traceback of what failed during setup.
pub fn build(config: &InterpConfig) -> Result<Runtime, String> {
    let mut settings = Settings::default();
    settings.argv = config.argv.clone();
    // Unbuffered, as MicroPython: stdout and stderr keep their relative order.
    settings.buffered_stdio = false;
    settings.import_site = false;
    settings.user_site_directory = false;
    settings.allow_external_library = false;
    // RustPython's own installation sets every signal to SIG_IGN for a
    // moment to read its disposition, which discards a pending Ctrl-C;
    // [`interrupt::install`] installs SIGINT's handler without that.
    settings.install_signal_handlers = false;
    settings.safe_path = true;
    // Naming the encoding spares the locale lookup (and the `locale`,
    // `encodings` and `functools` imports it drags in) at every start.
    settings.stdio_encoding = Some("utf-8".to_owned());

    // The board's timeline is the wait's deadline source.
    crate::wait::register_board(crate::hal::next_deadline_us, crate::hal::fire_due);
    // The process-wide state starts fresh here: the VM-call queue and its
    // caller, MicroPython's schedule queue, the heap lock, and the board (a
    // reset's carried VCD and clock are taken up when the new board is
    // built). What an earlier interpreter left is dropped.
    let (caller, receiver) = vm_calls::channel();
    crate::scheduler::forget_all();
    memory::forget_heap_lock();
    crate::hal::forget_board();
    let builder = Interpreter::builder(settings);
    let stdlib = rustpython_stdlib::stdlib_module_defs(&builder.ctx);
    // MicroPython's additions to `time` and `gc` join RustPython's modules
    // of the same names, so they cost nothing until the module is imported.
    let builtin = rustpython_vm::stdlib::builtin_module_defs(&builder.ctx);
    let ours = [
        importer::module_def(&builder.ctx),
        device_root::module_def(&builder.ctx),
        runtime_info::module_def(&builder.ctx),
        micropython::module_def(&builder.ctx),
        framebuf::module_def(&builder.ctx),
        mp_re::module_def(&builder.ctx),
        asyncio::module_def(&builder.ctx),
        hal::machine::module_def(&builder.ctx),
        hal::pyb::module_def(&builder.ctx),
        extend_module(&builtin, "time", mp_time::module_def(&builder.ctx)),
        extend_module(&builtin, "gc", memory::module_def(&builder.ctx)),
        extend_module(&stdlib, "select", select_poll::module_def(&builder.ctx)),
    ];
    let fixed = module_fixes::fixed(&builtin);
    let interp = builder
        .add_native_modules(&stdlib)
        .add_native_modules(&ours)
        .add_native_modules(fixed.as_slice())
        .add_frozen_modules(rustpython_pylib::FROZEN_STDLIB)
        .init_hook(move |vm| vm.set_user_signal_channel(receiver))
        .build();
    let path = config.path.clone();
    let handle_sigint = !config.no_signal_handlers;
    let runtime = Runtime { interp, caller };
    runtime.enter(|vm| {
        after_init(vm, &path, handle_sigint).map_err(|e| traceback::format_exception(vm, &e))
    })?;
    Ok(runtime)
}

/// A module definition with the functions of `base` (RustPython's module
/// named `name`) and then those of `extra`, which win where both define one.
/// Built once per interpreter, so leaking it is bounded.
fn extend_module(
    builtin: &[&'static PyModuleDef],
    name: &str,
    extra: &'static PyModuleDef,
) -> &'static PyModuleDef {
    let Some(base) = builtin.iter().find(|d| d.name.as_str() == name) else {
        return extra;
    };
    // A base function that `extra` replaces stays reachable as
    // `_base_NAME`, for the replacement to call.
    let replaced = base
        .methods
        .iter()
        .filter(|m| extra.methods.iter().any(|e| e.name == m.name))
        .map(|m| PyMethodDef {
            name: Box::leak(format!("_base_{}", m.name).into_boxed_str()),
            ..m.clone()
        });
    let methods: Vec<PyMethodDef> = base
        .methods
        .iter()
        .cloned()
        .chain(replaced)
        .chain(extra.methods.iter().cloned())
        .collect();
    Box::leak(Box::new(PyModuleDef {
        name: base.name,
        doc: base.doc,
        methods: Box::leak(methods.into_boxed_slice()),
        slots: PyModuleSlots {
            create: base.slots.create,
            exec: base.slots.exec,
        },
    }))
}

/// Setup that needs `sys` and importlib in place.
fn after_init(vm: &VirtualMachine, path: &[String], handle_sigint: bool) -> PyResult<()> {
    let entries = path
        .iter()
        .map(String::as_str)
        .chain([frozen_lib::FROZEN_PATH_ENTRY])
        .map(|p| vm.ctx.new_str(p).into())
        .collect();
    vm.sys_module
        .set_attr("path", vm.ctx.new_list(entries), vm)?;
    importer::install(vm)?;
    interrupt::install(vm, handle_sigint)?;
    awaitables::install(vm)?;
    dialect_builtins::install(vm)?;
    crate::help::install(vm)?;
    relative_import::install(vm)?;
    crate::threads::install(vm)?;
    size_checks::install(vm)?;
    crate::finally_jumps::install(vm)?;
    vm.builtins.set_attr(
        crate::codegen_workarounds::IMPORT_STAR,
        vm.new_function(
            crate::codegen_workarounds::IMPORT_STAR,
            crate::codegen_workarounds::import_star,
        ),
        vm,
    )?;
    type_fixes::install(vm)?;
    exception_value::install(vm);
    sys_compat::install(vm)?;
    let codecs = vm.import("_codecs", 0)?;
    let search = vm.new_function("_load_encodings", load_encodings);
    vm.call_method(&codecs, "register", (search,))?;
    Ok(())
}

/// A codec search function standing in for the `encodings` package until a
/// codec other than UTF-8 or ASCII is asked for, so only the scripts that
/// use one pay for importing it.
fn load_encodings(name: PyStrRef, vm: &VirtualMachine) -> PyResult {
    let encodings = vm.import("encodings", 0)?;
    vm.call_method(&encodings, "search_function", (name,))
}
