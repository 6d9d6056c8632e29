//! CPython's library imports CPython's `re`. Scripts get MicroPython's
//! (`lib/re.py`, which sends what MicroPython's grammar lacks to CPython's
//! engine but keeps MicroPython's refusals, such as `split` with groups);
//! the modules of CPython's library that pinloop runs unchanged (`platform`,
//! `json.decoder`, `textwrap`, ...) were written for CPython's and get it:
//! an `import re` whose importing module was loaded by the frozen-library
//! importer (`__loader__` is `FrozenImporter`) is answered with
//! `re._cpython()`. (importlib itself is frozen too, and left out.)
//!
//! Called from the `__import__` wrapper (`relative_import.rs`), for every
//! import statement: it looks no further than the name unless that is `re`.

use rustpython_vm::{
    AsObject, PyObjectRef, PyResult, VirtualMachine, builtins::PyStr, function::FuncArgs,
};

/// True for importlib's own modules, frozen too: their frames are current
/// while a loader runs, and `vm.import` from Rust (the `u`-name aliases)
/// passes the current frame's globals, which must not count as CPython's
/// library asking.
fn is_import_machinery(globals: &PyObjectRef, vm: &VirtualMachine) -> bool {
    let name = globals.get_item("__name__", vm).ok();
    name.as_ref()
        .and_then(|name| name.downcast_ref::<PyStr>())
        .is_some_and(|name| {
            let name = name.as_bytes();
            name.starts_with(b"_frozen_importlib") || name.starts_with(b"importlib")
        })
}

/// CPython's `re` for an `import re` made by CPython's library, else None.
/// `plain_import` is RustPython's `__import__` (`vm.import` would come
/// back through the wrapper, with the importing frame's globals).
pub fn for_library(
    args: &FuncArgs,
    plain_import: &PyObjectRef,
    vm: &VirtualMachine,
) -> PyResult<Option<PyObjectRef>> {
    let is_re = args
        .args
        .first()
        .and_then(|name| name.downcast_ref::<PyStr>())
        .is_some_and(|name| name.as_bytes() == b"re");
    let Some(globals) = args.args.get(1).filter(|_| is_re) else {
        return Ok(None);
    };
    let Ok(loader) = globals.get_item("__loader__", vm) else {
        return Ok(None);
    };
    let frozen_importer = vm
        .import("_frozen_importlib", 0)?
        .get_attr("FrozenImporter", vm)?;
    if !loader.is(&frozen_importer) || is_import_machinery(globals, vm) {
        return Ok(None);
    }
    // While CPython's `re` itself loads, sys.modules["re"] is that copy,
    // which has no `_cpython`: it is the answer then.
    let module = plain_import.call(("re",), vm)?;
    match vm.get_attribute_opt(module.clone(), "_cpython")? {
        Some(cpython) => cpython.call((), vm).map(Some),
        None => Ok(Some(module)),
    }
}
