//! MicroPython's regular-expression engine (re1.5), for the `re` module
//! (`lib/re.py`), which builds MicroPython's match objects, `split` and
//! `sub` over it and sends patterns beyond MicroPython's grammar to
//! CPython's engine. Here: the `_pinloop_re` module, a thin binding of the
//! VM-free compiler ([`compile`]), matcher ([`exec`]) and listing ([`dump`]).
//!
//! A str is matched by code point (MicroPython matches its UTF-8 bytes, so
//! there `.` takes one byte of an accented letter); bytes by byte.

mod compile;
mod dump;
mod exec;

pub(crate) use _pinloop_re::module_def;

use rustpython_vm::{
    PyObjectRef, PyPayload, PyResult, VirtualMachine,
    builtins::{PyStr, PyTupleRef},
    function::ArgBytesLike,
    pyclass,
};

/// A compiled pattern, made by `_pinloop_re.compile`.
#[pyclass(module = "_pinloop_re", name = "Program")]
#[derive(Debug, PyPayload)]
pub struct Program {
    program: compile::Program,
}

/// The code units of a str or bytes-like object: bytes for ASCII text and
/// bytes, code points otherwise.
enum Units {
    Bytes(Vec<u8>),
    CodePoints(Vec<u32>),
}

fn units_of(object: &PyObjectRef, what: &str, vm: &VirtualMachine) -> PyResult<Units> {
    if let Some(text) = object.downcast_ref::<PyStr>() {
        return Ok(match text.as_str_kind() {
            rustpython_vm::common::str::PyKindStr::Ascii(ascii) => {
                Units::Bytes(ascii.as_bytes().to_vec())
            }
            _ => Units::CodePoints(text.as_wtf8().code_points().map(|c| c.to_u32()).collect()),
        });
    }
    match <ArgBytesLike as rustpython_vm::convert::TryFromBorrowedObject>::try_from_borrowed_object(
        vm, object,
    ) {
        Ok(bytes) => Ok(Units::Bytes(bytes.borrow_buf().to_vec())),
        Err(_) => Err(vm.new_type_error(format!(
            "re: the {what} must be str or bytes, not '{}'",
            object.class().name()
        ))),
    }
}

fn as_code_points(units: Units) -> Vec<u32> {
    match units {
        Units::Bytes(bytes) => bytes.into_iter().map(u32::from).collect(),
        Units::CodePoints(points) => points,
    }
}

#[pyclass]
impl Program {
    /// Capturing groups, the whole match not counted.
    #[pygetset]
    fn groups(&self) -> usize {
        self.program.groups
    }

    /// MicroPython's `re.DEBUG` listing.
    #[pymethod]
    fn dump(&self) -> String {
        dump::dump(&self.program)
    }

    /// `exec(subject, start, end, anchored)`: None, or the flat tuple of
    /// every group's (start, end), -1 for a group that matched nothing.
    /// `start` and `end` are already clamped to the subject by the caller.
    #[pymethod]
    fn exec(
        &self,
        subject: PyObjectRef,
        start: usize,
        end: usize,
        anchored: bool,
        vm: &VirtualMachine,
    ) -> PyResult<Option<PyTupleRef>> {
        let mut caps = vec![None; 2 * (self.program.groups + 1)];
        let mut poll = || crate::interrupt::check(vm);
        let found = match units_of(&subject, "subject", vm)? {
            Units::Bytes(units) => {
                let subject = exec::Subject {
                    units: &units,
                    start,
                    end,
                };
                exec::exec(&self.program, &subject, anchored, &mut caps, &mut poll)
            }
            Units::CodePoints(units) => {
                let subject = exec::Subject {
                    units: &units,
                    start,
                    end,
                };
                exec::exec(&self.program, &subject, anchored, &mut caps, &mut poll)
            }
        };
        match found {
            Ok(true) => {
                let spans = caps
                    .iter()
                    .map(|cap| vm.ctx.new_int(cap.map_or(-1, |at| at as i64)).into())
                    .collect();
                Ok(Some(vm.ctx.new_tuple(spans)))
            }
            Ok(false) => Ok(None),
            Err(exec::ExecError::TooDeep) => Err(vm.new_runtime_error(format!(
                "maximum recursion depth exceeded: the regex backtracked through more than {} \
                 choices (a repeat of something that can match nothing, such as (a*)*, loops)",
                exec::MAX_DEPTH
            ))),
            Err(exec::ExecError::Interrupted(exc)) => Err(exc),
        }
    }
}

#[rustpython_vm::pymodule]
mod _pinloop_re {
    use super::*;

    #[pyattr(name = "Program")]
    fn program_type(_vm: &VirtualMachine) -> rustpython_vm::builtins::PyTypeRef {
        use rustpython_vm::class::PyClassImpl as _;
        Program::make_static_type()
    }

    /// True when MicroPython's engine reads `pattern` as CPython's does.
    #[pyfunction]
    fn micropython_syntax(pattern: PyObjectRef, vm: &VirtualMachine) -> PyResult<bool> {
        let units = as_code_points(units_of(&pattern, "pattern", vm)?);
        Ok(compile::micropython_syntax(&units))
    }

    /// Compiles `pattern` with MicroPython's compiler: ValueError for what
    /// it refuses, RuntimeError for groups nested too deep.
    #[pyfunction]
    fn compile(pattern: PyObjectRef, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        let units = as_code_points(units_of(&pattern, "pattern", vm)?);
        match compile::compile(&units) {
            Ok(program) => Ok(Program { program }.into_ref(&vm.ctx).into()),
            Err(
                compile::CompileError::Syntax(message) | compile::CompileError::TooComplex(message),
            ) => Err(vm.new_value_error(message)),
            Err(compile::CompileError::TooDeep) => Err(vm.new_runtime_error(format!(
                "maximum recursion depth exceeded: the regex nests groups more than {} deep",
                compile::MAX_NESTING
            ))),
        }
    }
}
