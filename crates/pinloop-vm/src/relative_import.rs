//! `__import__` called as MicroPython's packages call it:
//! `__import__(name, None, None, True, 1)`, a relative import with no
//! globals (micropython-async's lazy loaders, asyncio's own on a board).
//! MicroPython resolves it against the calling module; CPython (and
//! RustPython's builtin) raise KeyError('__name__' not in globals). And a
//! `fromlist` that is a plain true value asks for the leaf module, which
//! CPython's `_handle_fromlist` would try to iterate for a package.
//!
//! The builtin is wrapped, not replaced: RustPython keeps the original as
//! `vm.import_func` for importlib's own use, and an `import` statement
//! passes its frame's globals, so only calls that leave them out change.

use rustpython_vm::{
    AsObject, PyObjectRef, PyResult, VirtualMachine,
    builtins::{PyList, PyTuple},
    function::FuncArgs,
};

const PLAIN_IMPORT: &str = "__pinloop_plain_import__";

pub fn install(vm: &VirtualMachine) -> PyResult<()> {
    let builtins = &vm.builtins;
    builtins.set_attr(PLAIN_IMPORT, builtins.get_attr("__import__", vm)?, vm)?;
    builtins.set_attr("__import__", vm.new_function("__import__", mp_import), vm)?;
    Ok(())
}

/// The argument at `index` or named `name`, to read or replace.
fn argument<'a>(args: &'a mut FuncArgs, index: usize, name: &str) -> Option<&'a mut PyObjectRef> {
    if index < args.args.len() {
        return args.args.get_mut(index);
    }
    args.kwargs.get_mut(name)
}

fn mp_import(mut args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    let level = argument(&mut args, 4, "level")
        .map(|level| level.clone().try_into_value::<i32>(vm))
        .transpose()?
        .unwrap_or(0);
    if level > 0 {
        let caller_globals = vm.current_frame().map(|frame| frame.globals.clone());
        if let Some(globals) = caller_globals {
            match argument(&mut args, 1, "globals") {
                Some(given) if vm.is_none(given) => *given = globals.into(),
                Some(_) => {}
                None => {
                    // Positional up to `globals` when that is where it goes.
                    if args.args.len() == 1 {
                        args.args.push(globals.into());
                    } else {
                        args.kwargs.insert("globals".to_owned(), globals.into());
                    }
                }
            }
        }
    }
    if let Some(fromlist) = argument(&mut args, 3, "fromlist")
        && !vm.is_none(fromlist)
        && !fromlist.class().fast_issubclass(vm.ctx.types.tuple_type)
        && fromlist.downcast_ref::<PyList>().is_none()
        && fromlist.clone().try_to_bool(vm)?
    {
        // A name every module has: "give me the leaf", importing nothing.
        let name: PyObjectRef = vm.ctx.new_str("__name__").into();
        *fromlist = PyTuple::new_ref(vec![name], &vm.ctx).into();
    }
    let plain_import = vm.builtins.get_attr(PLAIN_IMPORT, vm)?;
    if level == 0
        && let Some(module) = crate::library_re::for_library(&args, &plain_import, vm)?
    {
        return Ok(module);
    }
    plain_import.call(args, vm)
}
