//! Native modules made MicroPython's as they are first imported: the
//! module definition keeps RustPython's, with an exec step that runs after
//! RustPython's own, so nothing is paid until a program imports them.
//!
//! - `errno.errorcode` is fixed, as MicroPython's is: every change raises
//!   TypeError (`copy()`, lookups and comparisons work as on a dict).

use std::sync::OnceLock;

use rustpython_vm::{
    Py, PyResult, VirtualMachine,
    builtins::{PyModule, PyModuleDef, PyModuleSlots},
};

type ModuleExec = fn(&VirtualMachine, &Py<PyModule>) -> PyResult<()>;

static ERRNO_EXEC: OnceLock<ModuleExec> = OnceLock::new();

/// `errno`'s definition from `builtin`, with the fixed `errorcode`; None if
/// RustPython has no `errno` (then nothing changes).
pub fn errno(builtin: &[&'static PyModuleDef]) -> Option<&'static PyModuleDef> {
    let base = builtin.iter().find(|d| d.name.as_str() == "errno")?;
    let _ = ERRNO_EXEC.set(base.slots.exec?);
    // Built once per process; leaking it is bounded.
    Some(Box::leak(Box::new(PyModuleDef {
        name: base.name,
        doc: base.doc,
        methods: base.methods,
        slots: PyModuleSlots {
            create: base.slots.create,
            exec: Some(errno_exec),
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
