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
    AsObject, PyObjectRef, PyPayload, PyRef, PyResult, VirtualMachine,
    builtins::{PyBytes, PyInt, PyStr, PyTupleRef},
    function::{ArgBytesLike, OptionalArg, PosArgs},
    pyclass,
    types::{AsMapping, Representable},
};

/// A compiled pattern, made by `_pinloop_re.compile`.
#[pyclass(module = "_pinloop_re", name = "Program")]
#[derive(Debug, PyPayload)]
pub struct Program {
    program: compile::Program,
}

/// The code units of a str or bytes-like object: bytes for ASCII text and
/// bytes, code points otherwise.
enum Units<'a> {
    /// ASCII text is borrowed (a search is not a copy of its subject).
    Bytes(std::borrow::Cow<'a, [u8]>),
    CodePoints(Vec<u32>),
}

fn units_of<'a>(object: &'a PyObjectRef, what: &str, vm: &VirtualMachine) -> PyResult<Units<'a>> {
    if let Some(text) = object.downcast_ref::<PyStr>() {
        return Ok(match text.as_str_kind() {
            rustpython_vm::common::str::PyKindStr::Ascii(ascii) => {
                Units::Bytes(std::borrow::Cow::Borrowed(ascii.as_bytes()))
            }
            _ => Units::CodePoints(text.as_wtf8().code_points().map(|c| c.to_u32()).collect()),
        });
    }
    match <ArgBytesLike as rustpython_vm::convert::TryFromBorrowedObject>::try_from_borrowed_object(
        vm, object,
    ) {
        Ok(bytes) => Ok(Units::Bytes(std::borrow::Cow::Owned(
            bytes.borrow_buf().to_vec(),
        ))),
        Err(_) => Err(vm.new_type_error(format!(
            "re: the {what} must be str or bytes, not '{}'",
            object.class().name()
        ))),
    }
}

fn as_code_points(units: Units) -> Vec<u32> {
    match units {
        Units::Bytes(bytes) => bytes.iter().copied().map(u32::from).collect(),
        Units::CodePoints(points) => points,
    }
}

/// MicroPython's clamping of `pos`/`endpos`: a start past the end is the
/// end, a negative one 0; an end past the subject is its length, one
/// before the start the start. Huge numbers saturate.
fn clamp(
    length: usize,
    pos: OptionalArg<PyObjectRef>,
    endpos: OptionalArg<PyObjectRef>,
    vm: &VirtualMachine,
) -> PyResult<(usize, usize)> {
    let as_index = |value: PyObjectRef| -> PyResult<i64> {
        let int = value.downcast::<PyInt>().map_err(|v| {
            vm.new_type_error(format!(
                "re: a position must be an int, not '{}'",
                v.class().name()
            ))
        })?;
        // A position beyond i64 saturates, toward its sign.
        let negative = num_traits::Signed::is_negative(int.as_bigint());
        Ok(int
            .as_bigint()
            .try_into()
            .unwrap_or(if negative { i64::MIN } else { i64::MAX }))
    };
    let length_i = length as i64;
    let start = match pos.into_option().filter(|v| !vm.is_none(v)) {
        Some(value) => as_index(value)?.clamp(0, length_i),
        None => 0,
    };
    let end = match endpos.into_option().filter(|v| !vm.is_none(v)) {
        Some(value) => as_index(value)?.min(length_i).max(start),
        None => length_i,
    };
    Ok((start as usize, end as usize))
}

/// The length of a subject in the units it is matched by.
fn subject_len(units: &Units) -> usize {
    match units {
        Units::Bytes(bytes) => bytes.len(),
        Units::CodePoints(points) => points.len(),
    }
}

#[pyclass]
impl Program {
    /// Capturing groups, the whole match not counted.
    #[pygetset]
    fn groups(&self) -> usize {
        self.program.groups
    }

    /// `find(subject, pos, endpos, anchored, pattern)`: the match object
    /// (`pattern.match`/`search`), or None; `pos`/`endpos` clamped as
    /// MicroPython clamps them.
    #[pymethod]
    fn find(
        &self,
        subject: PyObjectRef,
        pos: OptionalArg<PyObjectRef>,
        endpos: OptionalArg<PyObjectRef>,
        anchored: OptionalArg<bool>,
        pattern: OptionalArg<PyObjectRef>,
        vm: &VirtualMachine,
    ) -> PyResult<Option<PyRef<Match>>> {
        let units = units_of(&subject, "subject", vm)?;
        let (start, end) = clamp(subject_len(&units), pos, endpos, vm)?;
        let Some(spans) = self.run(&units, start, end, anchored.unwrap_or(false), vm)? else {
            return Ok(None);
        };
        let pattern = pattern.unwrap_or_else(|| vm.ctx.none());
        Ok(Some(
            Match {
                spans,
                subject,
                pattern,
                pos: start,
                endpos: end,
            }
            .into_ref(&vm.ctx),
        ))
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
        let units = units_of(&subject, "subject", vm)?;
        Ok(self.run(&units, start, end, anchored, vm)?.map(|spans| {
            vm.ctx
                .new_tuple(spans.iter().map(|&at| vm.ctx.new_int(at).into()).collect())
        }))
    }
}

impl Program {
    /// The spans of a match (two a group, -1 for a group that took no
    /// part), or None.
    fn run(
        &self,
        units: &Units,
        start: usize,
        end: usize,
        anchored: bool,
        vm: &VirtualMachine,
    ) -> PyResult<Option<Vec<isize>>> {
        let mut caps = vec![None; 2 * (self.program.groups + 1)];
        let mut poll = || crate::interrupt::check(vm);
        let found = match units {
            Units::Bytes(units) => {
                let subject = exec::Subject { units, start, end };
                exec::exec(&self.program, &subject, anchored, &mut caps, &mut poll)
            }
            Units::CodePoints(units) => {
                let subject = exec::Subject { units, start, end };
                exec::exec(&self.program, &subject, anchored, &mut caps, &mut poll)
            }
        };
        match found {
            Ok(true) => Ok(Some(
                caps.iter()
                    .map(|cap| cap.map_or(-1, |at| at as isize))
                    .collect(),
            )),
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

/// MicroPython's match object: `group`, `groups`, `span`, `start`, `end`;
/// also CPython's `m[n]`, `group(a, b)`, `groupdict`, `lastindex`,
/// `string`, `re`, `pos`, `endpos`.
#[pyclass(module = "re", name = "match")]
#[derive(Debug, PyPayload)]
pub struct Match {
    spans: Vec<isize>,
    subject: PyObjectRef,
    pattern: PyObjectRef,
    pos: usize,
    endpos: usize,
}

impl Match {
    fn count(&self) -> usize {
        self.spans.len() / 2
    }

    /// The group number `group` names (IndexError(n), as MicroPython).
    fn index(&self, group: &PyObjectRef, vm: &VirtualMachine) -> PyResult<usize> {
        let Some(int) = group.downcast_ref::<PyInt>() else {
            return Err(vm.new_type_error(format!(
                "group number must be an int, not '{}'",
                group.class().name()
            )));
        };
        match usize::try_from(int.as_bigint()) {
            Ok(at) if at < self.count() => Ok(at),
            _ => Err(vm.new_exception(
                vm.ctx.exceptions.index_error.to_owned(),
                vec![group.clone()],
            )),
        }
    }

    fn text(&self, at: usize, vm: &VirtualMachine) -> PyResult {
        let (start, end) = (self.spans[2 * at], self.spans[2 * at + 1]);
        if start < 0 {
            return Ok(vm.ctx.none());
        }
        slice_subject(&self.subject, start as usize, end as usize, vm)
    }
}

/// `subject[start:end]` in the units it was matched by.
fn slice_subject(subject: &PyObjectRef, start: usize, end: usize, vm: &VirtualMachine) -> PyResult {
    if let Some(text) = subject.downcast_ref::<PyStr>() {
        if let rustpython_vm::common::str::PyKindStr::Ascii(ascii) = text.as_str_kind() {
            return Ok(vm.ctx.new_str(ascii.as_str()[start..end].to_owned()).into());
        }
        let part: rustpython_vm::common::wtf8::Wtf8Buf = text
            .as_wtf8()
            .code_points()
            .skip(start)
            .take(end - start)
            .collect();
        return Ok(vm.ctx.new_str(part).into());
    }
    if let Some(bytes) = subject.downcast_ref::<PyBytes>() {
        return Ok(vm
            .ctx
            .new_bytes(bytes.as_bytes()[start..end].to_vec())
            .into());
    }
    let slice = vm.ctx.types.slice_type.as_object().call((start, end), vm)?;
    subject.get_item(&*slice, vm)
}

/// `m[n]`, as `m.group(n)`.
impl rustpython_vm::types::AsMapping for Match {
    fn as_mapping() -> &'static rustpython_vm::protocol::PyMappingMethods {
        use rustpython_vm::protocol::PyMappingMethods;
        static AS_MAPPING: std::sync::LazyLock<PyMappingMethods> =
            std::sync::LazyLock::new(|| PyMappingMethods {
                subscript: rustpython_vm::atomic_func!(|mapping, needle, vm| {
                    let this = Match::mapping_downcast(mapping);
                    this.text(this.index(&needle.to_owned(), vm)?, vm)
                }),
                ..PyMappingMethods::NOT_IMPLEMENTED
            });
        &AS_MAPPING
    }
}

#[pyclass(with(Representable, AsMapping))]
impl Match {
    #[pymethod]
    fn group(&self, groups: PosArgs, vm: &VirtualMachine) -> PyResult {
        let groups = groups.into_vec();
        match groups.as_slice() {
            [] => self.text(0, vm),
            [one] => self.text(self.index(one, vm)?, vm),
            many => {
                let texts = many
                    .iter()
                    .map(|g| self.text(self.index(g, vm)?, vm))
                    .collect::<PyResult<Vec<_>>>()?;
                Ok(vm.ctx.new_tuple(texts).into())
            }
        }
    }

    #[pymethod]
    fn groups(&self, default: OptionalArg<PyObjectRef>, vm: &VirtualMachine) -> PyResult {
        let default = default.unwrap_or_else(|| vm.ctx.none());
        let texts = (1..self.count())
            .map(|at| {
                let text = self.text(at, vm)?;
                Ok(if vm.is_none(&text) {
                    default.clone()
                } else {
                    text
                })
            })
            .collect::<PyResult<Vec<_>>>()?;
        Ok(vm.ctx.new_tuple(texts).into())
    }

    #[pymethod]
    fn span(
        &self,
        group: OptionalArg<PyObjectRef>,
        vm: &VirtualMachine,
    ) -> PyResult<(isize, isize)> {
        let at = match group {
            OptionalArg::Present(g) => self.index(&g, vm)?,
            OptionalArg::Missing => 0,
        };
        Ok((self.spans[2 * at], self.spans[2 * at + 1]))
    }

    #[pymethod]
    fn start(&self, group: OptionalArg<PyObjectRef>, vm: &VirtualMachine) -> PyResult<isize> {
        Ok(self.span(group, vm)?.0)
    }

    #[pymethod]
    fn end(&self, group: OptionalArg<PyObjectRef>, vm: &VirtualMachine) -> PyResult<isize> {
        Ok(self.span(group, vm)?.1)
    }

    /// No named groups in MicroPython's grammar.
    #[pymethod]
    fn groupdict(&self, _default: OptionalArg<PyObjectRef>, vm: &VirtualMachine) -> PyObjectRef {
        vm.ctx.new_dict().into()
    }

    #[pygetset]
    fn lastindex(&self) -> Option<usize> {
        (1..self.count()).rev().find(|&at| self.spans[2 * at] >= 0)
    }

    #[pygetset]
    fn string(&self) -> PyObjectRef {
        self.subject.clone()
    }

    #[pygetset]
    fn re(&self) -> PyObjectRef {
        self.pattern.clone()
    }

    #[pygetset]
    fn pos(&self) -> usize {
        self.pos
    }

    #[pygetset]
    fn endpos(&self) -> usize {
        self.endpos
    }
}

impl Representable for Match {
    fn repr_str(zelf: &rustpython_vm::Py<Self>, _vm: &VirtualMachine) -> PyResult<String> {
        Ok(format!("<match num={}>", zelf.count()))
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

    #[pyattr(name = "Match")]
    fn match_type(_vm: &VirtualMachine) -> rustpython_vm::builtins::PyTypeRef {
        use rustpython_vm::class::PyClassImpl as _;
        Match::make_static_type()
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
