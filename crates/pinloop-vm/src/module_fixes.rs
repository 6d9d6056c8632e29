//! Native modules made MicroPython's as they are first imported: the
//! module definition keeps RustPython's, with an exec step that runs after
//! RustPython's own, so nothing is paid until a program imports them.
//!
//! - `errno.errorcode` is fixed, as MicroPython's is: every change raises
//!   TypeError (`copy()`, lookups and comparisons work as on a dict).
//! - `posix.putenv`/`unsetenv` (so `os.putenv`, `os.environ[...] = `) of
//!   `TZ` make `time.localtime` follow the new zone at once, as on
//!   MicroPython's unix port, whose `localtime(3)` reads TZ at each call
//!   (RustPython's `localtime_r` reads it only at `time.tzset()`).
//! - `posix.urandom` (so `os.urandom`) gives the seeded stream of a seeded
//!   run (`seed.rs`).
//! - `_thread.start_new_thread`/`start_joinable_thread` (so
//!   `threading.Thread.start`) raise RuntimeError ([`refuse_threads`]):
//!   RustPython built without threads runs the function in place and
//!   returns, a pretence that deadlocks code waiting for the thread. Locks
//!   stay (one thread holds them), so CPython's `threading`, `logging` and
//!   `queue` still import.

use std::sync::OnceLock;

use rustpython_vm::{
    AsObject, Py, PyResult, VirtualMachine,
    builtins::{PyBytes, PyModule, PyModuleDef, PyModuleSlots, PyStr},
    function::FuncArgs,
};

type ModuleExec = fn(&VirtualMachine, &Py<PyModule>) -> PyResult<()>;

static ERRNO_EXEC: OnceLock<ModuleExec> = OnceLock::new();
static POSIX_EXEC: OnceLock<ModuleExec> = OnceLock::new();

/// The fixed definitions of the modules of `builtin` named here; one that
/// RustPython lacks is left out (then nothing changes for it).
pub fn fixed(builtin: &[&'static PyModuleDef]) -> Vec<&'static PyModuleDef> {
    [
        with_exec(builtin, "errno", &ERRNO_EXEC, errno_exec),
        with_exec(builtin, "posix", &POSIX_EXEC, posix_exec),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// `name`'s definition with `exec` run in place of RustPython's, which is
/// kept in `base_exec` for `exec` to call first.
fn with_exec(
    builtin: &[&'static PyModuleDef],
    name: &str,
    base_exec: &OnceLock<ModuleExec>,
    exec: ModuleExec,
) -> Option<&'static PyModuleDef> {
    let base = builtin.iter().find(|d| d.name.as_str() == name)?;
    let _ = base_exec.set(base.slots.exec?);
    // Built once per process; leaking it is bounded.
    Some(Box::leak(Box::new(PyModuleDef {
        name: base.name,
        doc: base.doc,
        methods: base.methods,
        slots: PyModuleSlots {
            create: base.slots.create,
            exec: Some(exec),
        },
    })))
}

/// A dict subclass that refuses changes, named `dict` as MicroPython's
/// fixed dicts are plain dicts to a program.
const FIXED_DICT: &str = "\
def _fixed(self, *args, **kwargs):
    raise TypeError('dict is fixed: it cannot be changed')
_plain = dict
class dict(_plain):
    __slots__ = ()
    __setitem__ = __delitem__ = pop = popitem = setdefault = update = clear = _fixed
    __ior__ = _fixed
    def copy(self, _plain=_plain):
        return _plain(self)
errorcode = dict(errorcode)
del dict, _fixed, _plain
";

fn errno_exec(vm: &VirtualMachine, module: &Py<PyModule>) -> PyResult<()> {
    (ERRNO_EXEC.get().expect("set before the definition is used"))(vm, module)?;
    let scope = rustpython_vm::scope::Scope::with_builtins(None, module.dict(), vm);
    let code = crate::compile::compile_plain(vm, FIXED_DICT, "<errno>")?;
    vm.run_code_obj(code, scope)?;
    Ok(())
}

/// Where `posix_exec` keeps RustPython's functions it wraps.
const PLAIN_PUTENV: &str = "_pinloop_plain_putenv";
const PLAIN_UNSETENV: &str = "_pinloop_plain_unsetenv";
const PLAIN_URANDOM: &str = "_pinloop_plain_urandom";

fn posix_exec(vm: &VirtualMachine, module: &Py<PyModule>) -> PyResult<()> {
    (POSIX_EXEC.get().expect("set before the definition is used"))(vm, module)?;
    let module = module.as_object();
    for (name, plain, wrapper) in [
        (
            "putenv",
            PLAIN_PUTENV,
            putenv as fn(FuncArgs, &VirtualMachine) -> PyResult,
        ),
        ("unsetenv", PLAIN_UNSETENV, unsetenv),
        ("urandom", PLAIN_URANDOM, urandom),
    ] {
        if let Some(function) = vm.get_attribute_opt(module.to_owned(), name)? {
            module.set_attr(plain, function, vm)?;
            module.set_attr(name, vm.new_function(name, wrapper), vm)?;
        }
    }
    Ok(())
}

fn putenv(args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    change_env(PLAIN_PUTENV, args, vm)
}

fn unsetenv(args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    change_env(PLAIN_UNSETENV, args, vm)
}

/// `urandom(size)`: the seeded stream in a seeded run, else RustPython's.
fn urandom(args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    if crate::seed::get().is_some() {
        let size: isize = args
            .args
            .first()
            .ok_or_else(|| vm.new_type_error("urandom() takes the number of bytes"))?
            .clone()
            .try_into_value(vm)?;
        let size = usize::try_from(size)
            .map_err(|_| vm.new_value_error("negative argument not allowed"))?;
        let bytes = crate::seed::bytes(size).unwrap_or_default();
        return Ok(vm.ctx.new_bytes(bytes).into());
    }
    vm.import("posix", 0)?
        .get_attr(PLAIN_URANDOM, vm)?
        .call(args, vm)
}

/// Runs RustPython's `plain` function, then, for the key `TZ`, `tzset`.
fn change_env(plain: &'static str, args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    let is_tz = args.args.first().is_some_and(|key| {
        key.downcast_ref::<PyStr>()
            .is_some_and(|k| k.as_bytes() == b"TZ")
            || key
                .downcast_ref::<PyBytes>()
                .is_some_and(|k| k.as_bytes() == b"TZ")
    });
    let result = vm.import("posix", 0)?.get_attr(plain, vm)?.call(args, vm)?;
    if is_tz {
        crate::mp_time::reread_time_zone();
    }
    Ok(result)
}
