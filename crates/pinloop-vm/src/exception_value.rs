//! MicroPython's `exc.value`: the exception's first argument, or None.
//! It is a non-data descriptor on BaseException, so a class that assigns
//! `self.value` in its `__init__` (common in CPython code) keeps its own,
//! and StopIteration's `value` still wins on StopIteration.

use rustpython_vm::{
    PyObjectRef, PyPayload, PyResult, VirtualMachine, builtins::PyBaseException,
    class::PyClassImpl, pyclass, types::GetDescriptor,
};

#[pyclass(module = false, name = "exception_value")]
#[derive(Debug, PyPayload)]
struct ExceptionValue;

#[pyclass(with(GetDescriptor))]
impl ExceptionValue {}

impl GetDescriptor for ExceptionValue {
    fn descr_get(
        zelf: PyObjectRef,
        obj: Option<PyObjectRef>,
        _cls: Option<PyObjectRef>,
        vm: &VirtualMachine,
    ) -> PyResult {
        let Some(obj) = obj else {
            return Ok(zelf); // Looked up on the class.
        };
        match obj.downcast_ref::<PyBaseException>() {
            Some(exc) => Ok(exc
                .args()
                .as_slice()
                .first()
                .cloned()
                .unwrap_or_else(|| vm.ctx.none())),
            None => Ok(zelf),
        }
    }
}

pub fn install(vm: &VirtualMachine) {
    ExceptionValue::make_static_type();
    let descriptor = ExceptionValue.into_ref(&vm.ctx);
    vm.ctx
        .exceptions
        .base_exception_type
        .set_attr(vm.ctx.intern_str("value"), descriptor.into());
}
