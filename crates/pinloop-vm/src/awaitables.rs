//! The runtime half of the dialect ([`crate::dialect`]): what lets
//! MicroPython-style awaitables (`__iter__`, plain generators, `yield from`
//! a coroutine) and CPython-style ones (`__await__`) meet. None of it runs
//! on the `await <coroutine>` path: the VM takes a coroutine before it looks
//! for `__await__`.

use rustpython_vm::{
    AsObject, Py, PyObjectRef, PyPayload, PyRef, PyResult, Traverse, VirtualMachine,
    builtins::{PyCoroutine, PyGenerator, PyType},
    class::PyClassImpl,
    function::OptionalArg,
    protocol::PyIterReturn,
    pyclass,
    types::{IterNext, Iterable, SelfIter},
};

use crate::dialect;

/// Installs the dialect's builtins and makes generator objects awaitable.
pub fn install(vm: &VirtualMachine) -> PyResult<()> {
    Delegation::make_static_type();
    let builtins = &vm.builtins;
    builtins.set_attr(
        dialect::DELEGATE,
        vm.new_function(dialect::DELEGATE, delegate),
        vm,
    )?;
    builtins.set_attr(
        dialect::AWAITABLE,
        vm.new_function(dialect::AWAITABLE, awaitable_class),
        vm,
    )?;
    // `await gen()` (old uasyncio style): a generator is its own iterator.
    // Generators marked as coroutines (`types.coroutine`) never get here.
    let generator_type = vm.ctx.types.generator_type;
    let await_method = vm.new_method("__await__", generator_type, |zelf: PyObjectRef| zelf);
    generator_type.set_attr(vm.ctx.intern_str("__await__"), await_method.into());
    Ok(())
}

/// `yield from x` in a plain generator: an iterable or generator is used as
/// it is; a coroutine, or an object with only `__await__`, is iterated
/// through its `__await__()`, so it can run inside a generator.
fn delegate(target: PyObjectRef, vm: &VirtualMachine) -> PyResult {
    if target.downcastable::<PyGenerator>() {
        return Ok(target);
    }
    if let Ok(coro) = target.clone().downcast::<PyCoroutine>() {
        return Ok(Delegation { coro }.into_ref(&vm.ctx).into());
    }
    let class = target.class();
    if class.get_attr(vm.ctx.intern_str("__iter__")).is_some() {
        return Ok(target);
    }
    match class.get_attr(vm.ctx.intern_str("__await__")) {
        Some(_) => vm.call_method(&target, "__await__", ()),
        // Let the VM report that the object is not iterable.
        None => Ok(target),
    }
}

/// Class decorator: a class that defines `__iter__` and inherits no
/// `__await__` can be awaited, by iterating it, as in MicroPython.
fn awaitable_class(class: PyObjectRef, vm: &VirtualMachine) -> PyResult {
    let Some(typ) = class.downcast_ref::<PyType>() else {
        return Ok(class); // Another decorator returned something else.
    };
    if typ.get_attr(vm.ctx.intern_str("__await__")).is_some() {
        return Ok(class);
    }
    if let Some(iter) = typ.get_direct_attr(vm.ctx.intern_str("__iter__"))
        && !vm.is_none(&iter)
    {
        class.set_attr("__await__", iter, vm)?;
    }
    Ok(class)
}

/// A coroutine seen as an iterator by the generator that delegates to it.
/// Unlike `coroutine.__await__()`, its `throw` takes the three arguments
/// the VM passes when it forwards a throw, without a deprecation warning.
/// Whether `object` is the delegation [`DELEGATE`](crate::dialect::DELEGATE)
/// made for a coroutine (RustPython's own throw path serves it right).
pub(crate) fn is_delegation(object: &rustpython_vm::PyObject) -> bool {
    object.downcast_ref::<Delegation>().is_some()
}

#[pyclass(module = false, name = "coroutine_delegation", traverse)]
#[derive(Debug, PyPayload)]
struct Delegation {
    coro: PyRef<PyCoroutine>,
}

#[pyclass(with(IterNext, Iterable))]
impl Delegation {
    #[pymethod]
    fn send(&self, value: PyObjectRef, vm: &VirtualMachine) -> PyResult<PyIterReturn> {
        self.coro.as_coro().send(self.coro.as_object(), value, vm)
    }

    #[pymethod]
    fn throw(
        &self,
        exc_type: PyObjectRef,
        exc_val: OptionalArg,
        exc_tb: OptionalArg,
        vm: &VirtualMachine,
    ) -> PyResult<PyIterReturn> {
        let none = || vm.ctx.none();
        self.coro.as_coro().throw(
            self.coro.as_object(),
            exc_type,
            exc_val.unwrap_or_else(none),
            exc_tb.unwrap_or_else(none),
            vm,
        )
    }

    #[pymethod]
    fn close(&self, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        self.coro.as_coro().close(self.coro.as_object(), vm)
    }
}

impl SelfIter for Delegation {}

impl IterNext for Delegation {
    fn next(zelf: &Py<Self>, vm: &VirtualMachine) -> PyResult<PyIterReturn> {
        zelf.send(vm.ctx.none(), vm)
    }
}
