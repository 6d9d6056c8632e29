//! Builtin types made to behave as MicroPython's (and, where MicroPython
//! says nothing, CPython 3.11's), patched at start-up where RustPython
//! 0.5.0 differs (docs/rustpython.md lists each with its reproducer; the
//! tests are in tests/language/).
//!
//! Two kinds of patch: an entry in the type's dict (methods, and the
//! special methods RustPython looks up through the type, such as
//! `__format__` and `__round__`), or a replaced slot (hash, comparison,
//! the sequence slots, `iternext`), whose original is kept in a `OnceLock`
//! because slot functions are plain `fn` pointers.

use std::sync::OnceLock;

use rustpython_vm::{
    AsObject, Py, PyObject, PyObjectRef, PyResult, VirtualMachine,
    builtins::{PyByteArray, PyBytes, PyStr, PyType},
    function::{Either, FuncArgs, PyArithmeticValue, PyComparisonValue},
    protocol::{PyIterReturn, PySequence},
    types::{PyComparisonOp, hash_not_implemented},
};

/// Installs every patch.
pub fn install(vm: &VirtualMachine) -> PyResult<()> {
    bool_as_int(vm)?;
    str_format_spec(vm)?;
    str_format_conversions(vm)?;
    strip_keeps_identity(vm)?;
    bytes_isspace(vm)?;
    bytes_compare_only_bytes(vm);
    bytearray_add_self(vm);
    unhashable_views(vm)?;
    set_pop_first(vm)?;
    sequence_iterator_stop_value(vm);
    int_to_bytes_length(vm)?;
    throw_without_warning(vm)?;
    close_as_cpython(vm);
    mixed_percent_format(vm);
    weakref_as_micropython(vm)?;
    os_error_as_micropython(vm)?;
    exception_repr_as_micropython(vm)?;
    module_repr_as_micropython(vm);
    class_repr_as_micropython(vm)?;
    Ok(())
}

/// Puts `f`, a method of `typ` named `name`, in the type's dict.
fn set_method<F, K>(vm: &VirtualMachine, typ: &'static Py<PyType>, name: &'static str, f: F)
where
    F: rustpython_vm::function::IntoPyNativeFn<K>,
{
    let method = vm.new_method(name, typ, f);
    typ.set_attr(vm.ctx.intern_str(name), method.into());
}

/// The method `name` of `typ` as it is before patching.
fn original(vm: &VirtualMachine, typ: &'static Py<PyType>, name: &str) -> PyResult<PyObjectRef> {
    typ.as_object().get_attr(vm.ctx.intern_str(name), vm)
}

/// `round(True)` is `1` and `format(False, "5")` is `"    0"`: a bool
/// rounds and formats as the int it is (only `str()` and an empty format
/// spec say True/False).
fn bool_as_int(vm: &VirtualMachine) -> PyResult<()> {
    let int_round = original(vm, vm.ctx.types.int_type, "__round__")?;
    let int_format = original(vm, vm.ctx.types.int_type, "__format__")?;
    set_method(
        vm,
        vm.ctx.types.bool_type,
        "__round__",
        move |zelf: PyObjectRef, args: FuncArgs, vm: &VirtualMachine| -> PyResult {
            let as_int = vm.ctx.new_int(zelf.try_to_bool(vm)? as u8);
            let mut args = args;
            args.prepend_arg(as_int.into());
            int_round.call(args, vm)
        },
    );
    set_method(
        vm,
        vm.ctx.types.bool_type,
        "__format__",
        move |zelf: PyObjectRef, spec: PyObjectRef, vm: &VirtualMachine| -> PyResult {
            let empty = spec
                .downcast_ref::<PyStr>()
                .is_some_and(|s| s.as_bytes().is_empty());
            if empty {
                return zelf.str(vm).map(Into::into);
            }
            let as_int = vm.ctx.new_int(zelf.try_to_bool(vm)? as u8);
            int_format.call((as_int, spec), vm)
        },
    );
    Ok(())
}

/// `format("ab", "06")` pads on the right (`"ab0000"`): a `0` flag on a
/// string is a fill with the string's own alignment; `=` and a sign are
/// errors for strings, as in CPython.
fn str_format_spec(vm: &VirtualMachine) -> PyResult<()> {
    let str_format = original(vm, vm.ctx.types.str_type, "__format__")?;
    set_method(
        vm,
        vm.ctx.types.str_type,
        "__format__",
        move |zelf: PyObjectRef, spec: PyObjectRef, vm: &VirtualMachine| -> PyResult {
            let Some(text) = spec.downcast_ref::<PyStr>().and_then(|s| s.to_str()) else {
                return str_format.call((zelf, spec), vm);
            };
            match string_spec(text) {
                Ok(None) => str_format.call((zelf, spec), vm),
                Ok(Some(rewritten)) => str_format.call((zelf, vm.ctx.new_str(rewritten)), vm),
                Err(message) => Err(vm.new_value_error(message)),
            }
        },
    );
    Ok(())
}

/// `"{!d}".format(x)` is a ValueError: a conversion is `!s`, `!r` or
/// `!a` (RustPython's field parser took any character).
fn str_format_conversions(vm: &VirtualMachine) -> PyResult<()> {
    for name in ["format", "format_map"] {
        let format = original(vm, vm.ctx.types.str_type, name)?;
        set_method(
            vm,
            vm.ctx.types.str_type,
            name,
            move |zelf: PyObjectRef, args: FuncArgs, vm: &VirtualMachine| -> PyResult {
                if let Some(text) = zelf.downcast_ref::<PyStr>().and_then(|s| s.to_str())
                    && let Some(bad) = bad_conversion(text)
                {
                    return Err(vm.new_value_error(format!("Unknown conversion specifier {bad}")));
                }
                let mut args = args;
                args.prepend_arg(zelf);
                format.call(args, vm)
            },
        );
    }
    Ok(())
}

/// The first conversion character in a format string that is not s, r or a.
fn bad_conversion(format: &str) -> Option<char> {
    if !format.contains('!') {
        return None;
    }
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
            }
            '{' => {
                // The field name runs to '!', ':' or '}'; brackets may hold anything.
                let mut depth = 0;
                while let Some(&c) = chars.peek() {
                    match c {
                        '[' => depth += 1,
                        ']' => depth -= 1,
                        '!' | ':' | '}' if depth <= 0 => break,
                        _ => {}
                    }
                    chars.next();
                }
                if chars.peek() == Some(&'!') {
                    chars.next();
                    match chars.next() {
                        Some('s' | 'r' | 'a') => {}
                        Some(other) => return Some(other),
                        None => return None,
                    }
                }
            }
            _ => {}
        }
    }
    None
}

/// A format spec for a string: an error, a rewrite, or None to keep it.
fn string_spec(spec: &str) -> Result<Option<String>, &'static str> {
    let chars: Vec<char> = spec.chars().collect();
    let is_align = |c: char| matches!(c, '<' | '>' | '^' | '=');
    let (align, mut at) = if chars.len() >= 2 && is_align(chars[1]) {
        (Some(chars[1]), 2)
    } else if !chars.is_empty() && is_align(chars[0]) {
        (Some(chars[0]), 1)
    } else {
        (None, 0)
    };
    if align == Some('=') {
        return Err("'=' alignment not allowed in string format specifier");
    }
    if chars.get(at).is_some_and(|c| matches!(c, '+' | '-' | ' ')) {
        return Err("Sign not allowed in string format specifier");
    }
    if chars.get(at) == Some(&'#') {
        return Err("Alternate form (#) not allowed in string format specifier");
    }
    if align.is_none() && chars.get(at) == Some(&'0') {
        at += 1;
        let rest: String = chars[at..].iter().collect();
        return Ok(Some(format!("0<{rest}")));
    }
    Ok(None)
}

/// `s.strip()` is `s` itself when nothing is stripped (for exact str and
/// bytes), as CPython and MicroPython return it.
fn strip_keeps_identity(vm: &VirtualMachine) -> PyResult<()> {
    for typ in [vm.ctx.types.str_type, vm.ctx.types.bytes_type] {
        for name in ["strip", "lstrip", "rstrip"] {
            let strip = original(vm, typ, name)?;
            set_method(
                vm,
                typ,
                name,
                move |zelf: PyObjectRef, args: FuncArgs, vm: &VirtualMachine| -> PyResult {
                    let mut args = args;
                    args.prepend_arg(zelf.clone());
                    let stripped = strip.call(args, vm)?;
                    let exact = zelf.class().is(vm.ctx.types.str_type)
                        || zelf.class().is(vm.ctx.types.bytes_type);
                    if exact && stripped.length(vm)? == zelf.length(vm)? {
                        return Ok(zelf);
                    }
                    Ok(stripped)
                },
            );
        }
    }
    Ok(())
}

/// `bytes.isspace` counts `\v` as whitespace, as Python's byte whitespace
/// (` \t\n\r\x0b\x0c`) does.
fn bytes_isspace(vm: &VirtualMachine) -> PyResult<()> {
    fn all_space(bytes: &[u8]) -> bool {
        !bytes.is_empty() && bytes.iter().all(|b| b" \t\n\r\x0b\x0c".contains(b))
    }
    set_method(
        vm,
        vm.ctx.types.bytes_type,
        "isspace",
        |zelf: PyObjectRef, vm: &VirtualMachine| -> PyResult<bool> {
            let bytes = zelf
                .downcast_ref::<PyBytes>()
                .ok_or_else(|| vm.new_type_error("isspace needs bytes"))?;
            Ok(all_space(bytes.as_bytes()))
        },
    );
    set_method(
        vm,
        vm.ctx.types.bytearray_type,
        "isspace",
        |zelf: PyObjectRef, vm: &VirtualMachine| -> PyResult<bool> {
            let bytes = zelf
                .downcast_ref::<PyByteArray>()
                .ok_or_else(|| vm.new_type_error("isspace needs a bytearray"))?;
            Ok(all_space(&bytes.borrow_buf()))
        },
    );
    Ok(())
}

type RichCompare = fn(
    &PyObject,
    &PyObject,
    PyComparisonOp,
    &VirtualMachine,
) -> PyResult<Either<PyObjectRef, PyComparisonValue>>;
static BYTES_COMPARE: OnceLock<RichCompare> = OnceLock::new();

/// `bytes` compares with `bytes` only (`array('b', b'ab') == b'ab'` is
/// False); bytearray and memoryview still compare through their own side.
fn bytes_compare_only_bytes(vm: &VirtualMachine) {
    let slots = &vm.ctx.types.bytes_type.slots;
    let Some(compare) = slots.richcompare.load() else {
        return;
    };
    let _ = BYTES_COMPARE.set(compare);
    slots.richcompare.store(Some(|zelf, other, op, vm| {
        if other.downcast_ref::<PyBytes>().is_none() {
            return Ok(Either::B(PyArithmeticValue::NotImplemented));
        }
        (BYTES_COMPARE.get().expect("set before the slot is"))(zelf, other, op, vm)
    }));
}

type Concat = fn(PySequence<'_>, &PyObject, &VirtualMachine) -> PyResult;
static BYTEARRAY_IADD: OnceLock<Concat> = OnceLock::new();

/// `b += b` on a bytearray appends a copy of itself (RustPython's resize
/// would clash with its own buffer export).
fn bytearray_add_self(vm: &VirtualMachine) {
    let slots = &vm.ctx.types.bytearray_type.slots.as_sequence;
    let Some(concat) = slots.inplace_concat.load() else {
        return;
    };
    let _ = BYTEARRAY_IADD.set(concat);
    slots.inplace_concat.store(Some(|seq, other, vm| {
        let iadd = BYTEARRAY_IADD.get().expect("set before the slot is");
        if other.is(seq.obj)
            && let Some(array) = other.downcast_ref::<PyByteArray>()
        {
            let copy = vm.ctx.new_bytes(array.borrow_buf().to_vec());
            return iadd(seq, copy.as_object(), vm);
        }
        iadd(seq, other, vm)
    }));
}

/// `dict.keys()` and `dict.items()` are unhashable, as in CPython and
/// MicroPython. (Slices stay hashable: MicroPython's tests want both, and
/// its `slice_optimise` puts one in an OrderedDict as CPython 3.12 can.)
fn unhashable_views(vm: &VirtualMachine) -> PyResult<()> {
    let types = &vm.ctx.types;
    for typ in [types.dict_keys_type, types.dict_items_type] {
        typ.slots.hash.store(Some(hash_not_implemented));
        typ.set_attr(vm.ctx.intern_str("__hash__"), vm.ctx.none());
    }
    Ok(())
}

/// `set.pop()` takes the first element in iteration order, as MicroPython
/// and CPython do for small integer sets (RustPython took the last).
fn set_pop_first(vm: &VirtualMachine) -> PyResult<()> {
    let remove = original(vm, vm.ctx.types.set_type, "remove")?;
    set_method(
        vm,
        vm.ctx.types.set_type,
        "pop",
        move |zelf: PyObjectRef, vm: &VirtualMachine| -> PyResult {
            let first = zelf.get_iter(vm)?.next(vm)?;
            match first {
                PyIterReturn::Return(item) => {
                    remove.call((zelf, item.clone()), vm)?;
                    Ok(item)
                }
                PyIterReturn::StopIteration(_) => {
                    Err(vm.new_key_error(vm.ctx.new_str("pop from an empty set").into()))
                }
            }
        },
    );
    Ok(())
}

type IterNext = fn(&PyObject, &VirtualMachine) -> PyResult<PyIterReturn>;
static SEQUENCE_NEXT: OnceLock<IterNext> = OnceLock::new();

/// The iterator over a `__getitem__` sequence ends with a bare
/// StopIteration, whatever value the one `__getitem__` raised carried.
fn sequence_iterator_stop_value(vm: &VirtualMachine) {
    let slots = &vm.ctx.types.iter_type.slots;
    let Some(next) = slots.iternext.load() else {
        return;
    };
    let _ = SEQUENCE_NEXT.set(next);
    slots.iternext.store(Some(|zelf, vm| {
        match (SEQUENCE_NEXT.get().expect("set before the slot is"))(zelf, vm)? {
            PyIterReturn::StopIteration(Some(_)) => Ok(PyIterReturn::StopIteration(None)),
            other => Ok(other),
        }
    }));
}

/// `(1).to_bytes(-1, "little")` is a ValueError, not an OverflowError.
fn int_to_bytes_length(vm: &VirtualMachine) -> PyResult<()> {
    let to_bytes = original(vm, vm.ctx.types.int_type, "to_bytes")?;
    set_method(
        vm,
        vm.ctx.types.int_type,
        "to_bytes",
        move |zelf: PyObjectRef, args: FuncArgs, vm: &VirtualMachine| -> PyResult {
            let length = args.args.first().or_else(|| args.kwargs.get("length"));
            if let Some(length) = length
                && let Some(n) = length.downcast_ref::<rustpython_vm::builtins::PyInt>()
                && num_traits::Signed::is_negative(n.as_bigint())
            {
                return Err(vm.new_value_error("length argument must be non-negative"));
            }
            let mut args = args;
            args.prepend_arg(zelf);
            to_bytes.call(args, vm)
        },
    );
    Ok(())
}

/// `gen.throw(...)` as CPython 3.11 and MicroPython do it:
/// - the three-argument form raises no DeprecationWarning;
/// - while the generator delegates (`yield from`) to a Python iterator
///   with a `throw` method, that method gets exactly the arguments given
///   (RustPython passed three, and refused a non-exception such as `123`
///   before delegating); what it returns is what the generator yields. An
///   exception it raises reaches the caller with the generator left as it
///   is (CPython would raise it inside the generator, or resume it with a
///   StopIteration's value: a generator cannot be resumed so from outside);
/// - a StopIteration thrown where the delegate has no `throw` becomes the
///   generator's RuntimeError (PEP 479), where RustPython took it for the
///   delegate's return and resumed the generator.
fn throw_without_warning(vm: &VirtualMachine) -> PyResult<()> {
    use rustpython_vm::{
        PyRef,
        builtins::{PyCoroutine, PyGenerator},
        function::OptionalArg,
    };
    set_method(
        vm,
        vm.ctx.types.generator_type,
        "throw",
        |zelf: PyRef<PyGenerator>,
         kind: PyObjectRef,
         value: OptionalArg,
         traceback: OptionalArg,
         vm: &VirtualMachine|
         -> PyResult<PyIterReturn> {
            let delegate = zelf
                .as_object()
                .get_attr("gi_yieldfrom", vm)
                .ok()
                .filter(|d| !vm.is_none(d));
            if let Some(delegate) = delegate {
                let native = delegate.downcast_ref::<PyGenerator>().is_some()
                    || delegate.downcast_ref::<PyCoroutine>().is_some()
                    || crate::awaitables::is_delegation(&delegate);
                match delegate.get_attr("throw", vm) {
                    Ok(throw) if !native => {
                        let mut args = vec![kind];
                        args.extend(value.into_option());
                        args.extend(traceback.into_option());
                        return throw.call(args, vm).map(PyIterReturn::Return);
                    }
                    Err(_) if is_stop_iteration(&kind, vm) => {
                        let _ = zelf.as_coro().close(zelf.as_object(), vm);
                        return Err(vm.new_runtime_error("generator raised StopIteration"));
                    }
                    _ => {}
                }
            }
            let (value, traceback) = (value.unwrap_or_none(vm), traceback.unwrap_or_none(vm));
            zelf.as_coro()
                .throw(zelf.as_object(), kind, value, traceback, vm)
        },
    );
    set_method(
        vm,
        vm.ctx.types.coroutine_type,
        "throw",
        |zelf: PyRef<PyCoroutine>,
         kind: PyObjectRef,
         value: OptionalArg,
         traceback: OptionalArg,
         vm: &VirtualMachine|
         -> PyResult<PyIterReturn> {
            let (value, traceback) = (value.unwrap_or_none(vm), traceback.unwrap_or_none(vm));
            zelf.as_coro()
                .throw(zelf.as_object(), kind, value, traceback, vm)
        },
    );
    Ok(())
}

type New = fn(rustpython_vm::builtins::PyTypeRef, FuncArgs, &VirtualMachine) -> PyResult;
static WEAKREF_NEW: OnceLock<New> = OnceLock::new();

/// Weak references as MicroPython's: an exception in a callback is
/// reported under `Unhandled exception in weakref callback:` with
/// MicroPython's traceback (RustPython dropped it without a word; the
/// frames of the frozen `weakref.py` that runs a `finalize` are left out,
/// as MicroPython's finalize is native), and a reference reads `<ref>`.
fn weakref_as_micropython(vm: &VirtualMachine) -> PyResult<()> {
    let weakref = vm.ctx.types.weakref_type;
    if let Some(new) = weakref.slots.new.load() {
        let _ = WEAKREF_NEW.set(new);
        weakref.slots.new.store(Some(|cls, mut args, vm| {
            if let Some(callback) = args.args.get(1).cloned()
                && !vm.is_none(&callback)
            {
                let reporting = vm.new_function(
                    "weakref_callback",
                    move |args: FuncArgs, vm: &VirtualMachine| -> PyResult<()> {
                        if let Err(exc) = callback.call(args, vm) {
                            let text =
                                crate::traceback::format_exception_skipping(vm, &exc, "weakref");
                            crate::stdio::write_stderr(
                                vm,
                                &format!("Unhandled exception in weakref callback:\n{text}"),
                            );
                        }
                        Ok(())
                    },
                );
                args.args[1] = reporting.into();
            }
            (WEAKREF_NEW.get().expect("set before the slot is"))(cls, args, vm)
        }));
    }
    weakref
        .slots
        .repr
        .store(Some(|_, vm| Ok(vm.ctx.new_str("<ref>"))));
    Ok(())
}

/// `gen.close()` as CPython's: GeneratorExit is thrown in, and a generator
/// that yields instead is left suspended there (close raises "generator
/// ignored GeneratorExit"), so a later `close()` throws into it again and
/// its `finally` blocks and `with` exits still run. RustPython marked such
/// a generator finished, skipping them.
fn close_as_cpython(vm: &VirtualMachine) {
    use rustpython_vm::{PyRef, builtins::PyGenerator};
    set_method(
        vm,
        vm.ctx.types.generator_type,
        "close",
        |zelf: PyRef<PyGenerator>, vm: &VirtualMachine| -> PyResult<()> {
            let exit = vm.ctx.exceptions.generator_exit.to_owned().into();
            let none = || vm.ctx.none();
            match zelf
                .as_coro()
                .throw(zelf.as_object(), exit, none(), none(), vm)
            {
                Ok(PyIterReturn::Return(_)) => {
                    Err(vm.new_runtime_error("generator ignored GeneratorExit"))
                }
                Ok(PyIterReturn::StopIteration(_)) => Ok(()),
                Err(exc)
                    if exc.fast_isinstance(vm.ctx.exceptions.generator_exit)
                        || exc.fast_isinstance(vm.ctx.exceptions.stop_iteration) =>
                {
                    Ok(())
                }
                Err(exc) => Err(exc),
            }
        },
    );
}

/// Whether `kind` (a class or an instance) is a StopIteration.
fn is_stop_iteration(kind: &PyObject, vm: &VirtualMachine) -> bool {
    let stop = vm.ctx.exceptions.stop_iteration;
    match kind.downcast_ref::<PyType>() {
        Some(class) => class.fast_issubclass(stop),
        None => kind.class().fast_issubclass(stop),
    }
}

type Init = fn(PyObjectRef, FuncArgs, &VirtualMachine) -> PyResult<()>;
static OS_ERROR_INIT: OnceLock<Init> = OnceLock::new();

/// OSError as MicroPython shows it: `OSError(errno.ENOENT)` has `.errno`
/// 2 and reads `[Errno 2] ENOENT`; with a second argument,
/// `[Errno 2] ENOENT: text`; with three, the arguments' tuple. Only the
/// exact OSError class: CPython's subclasses (FileNotFoundError, ...) keep
/// CPython's text.
fn os_error_as_micropython(vm: &VirtualMachine) -> PyResult<()> {
    let os_error = vm.ctx.exceptions.os_error;
    if let Some(init) = os_error.slots.init.load() {
        let _ = OS_ERROR_INIT.set(init);
        os_error.slots.init.store(Some(|zelf, args, vm| {
            let single_errno = match args.args.as_slice() {
                [errno]
                    if errno
                        .downcast_ref::<rustpython_vm::builtins::PyInt>()
                        .is_some() =>
                {
                    Some(errno.clone())
                }
                _ => None,
            };
            (OS_ERROR_INIT.get().expect("set before the slot is"))(zelf.clone(), args, vm)?;
            if let Some(errno) = single_errno
                && zelf.class().is(vm.ctx.exceptions.os_error)
            {
                zelf.set_attr("errno", errno, vm)?;
            }
            Ok(())
        }));
    }
    let str_of = original(vm, os_error, "__str__")?;
    set_method(
        vm,
        os_error,
        "__str__",
        move |zelf: PyObjectRef, vm: &VirtualMachine| -> PyResult {
            if zelf.class().is(vm.ctx.exceptions.os_error) {
                let mut args: Vec<PyObjectRef> = zelf.get_attr("args", vm)?.try_to_value(vm)?;
                // CPython keeps a third argument as `filename`, out of args.
                let filename = zelf.get_attr("filename", vm)?;
                if args.len() == 2 && !vm.is_none(&filename) {
                    args.push(filename);
                }
                if let Some(text) = micropython_os_error_text(&args, vm)? {
                    return Ok(vm.ctx.new_str(text).into());
                }
            }
            str_of.call((zelf,), vm)
        },
    );
    Ok(())
}

fn micropython_os_error_text(
    args: &[PyObjectRef],
    vm: &VirtualMachine,
) -> PyResult<Option<String>> {
    if args.len() == 3 {
        return Ok(Some(
            vm.new_tuple(args.to_vec())
                .as_object()
                .repr(vm)?
                .to_string(),
        ));
    }
    let (Some(first), 1..=2) = (args.first(), args.len()) else {
        return Ok(None);
    };
    let Some(number) = first.downcast_ref::<rustpython_vm::builtins::PyInt>() else {
        return Ok(None);
    };
    let errno = vm.import("errno", 0)?;
    let name = errno
        .get_attr("errorcode", vm)?
        .get_item(number.as_object(), vm)
        .ok();
    let Some(name) = name else {
        return Ok(None);
    };
    let mut text = format!("[Errno {}] {}", number.as_bigint(), name.str(vm)?);
    if let Some(detail) = args.get(1) {
        text.push_str(": ");
        text.push_str(detail.str(vm)?.as_ref());
    }
    Ok(Some(text))
}

type Binary = fn(&PyObject, &PyObject, &VirtualMachine) -> PyResult;
static STR_REMAINDER: OnceLock<Binary> = OnceLock::new();

/// `"%s %(foo)s" % {"foo": 1}`: a format mixing keyed and unkeyed specs
/// takes the mapping itself as its one positional value, before any keyed
/// spec, as CPython and MicroPython do (RustPython demanded keys everywhere); `%(k)*s` is a
/// TypeError. Formats without the mix go straight to RustPython's `%`.
fn mixed_percent_format(vm: &VirtualMachine) {
    let slots = &vm.ctx.types.str_type.slots.as_number;
    let Some(remainder) = slots.remainder.load() else {
        return;
    };
    let _ = STR_REMAINDER.set(remainder);
    slots.remainder.store(Some(|format, values, vm| {
        let original = STR_REMAINDER.get().expect("set before the slot is");
        let Some(text) = format.downcast_ref::<PyStr>().and_then(|s| s.to_str()) else {
            return original(format, values, vm);
        };
        let is_mapping = values
            .downcast_ref::<rustpython_vm::builtins::PyTuple>()
            .is_none()
            && values.downcast_ref::<PyStr>().is_none()
            && values.class().has_attr(vm.ctx.intern_str("__getitem__"))
            && values.class().has_attr(vm.ctx.intern_str("keys"));
        let specs = percent_specs(text);
        let keyed = specs.iter().any(|s| s.key.is_some());
        let mixed = keyed && specs.iter().any(|s| s.key.is_none());
        let keyed_star = specs.iter().any(|s| s.key.is_some() && s.star);
        if !is_mapping || !(mixed || keyed_star) {
            return original(format, values, vm);
        }
        if keyed_star {
            return Err(vm.new_type_error("* wants int"));
        }
        let mut out = String::with_capacity(text.len());
        let mut positional_used = false;
        let mut at = 0;
        for spec in &specs {
            out.push_str(&text[at..spec.start]);
            // As CPython: the mapping is the positional value only until
            // a keyed spec has taken a value from it.
            let value = match &spec.key {
                Some(key) => {
                    positional_used = true;
                    values.get_item(key.as_str(), vm)?
                }
                None if positional_used => {
                    return Err(vm.new_type_error("not enough arguments for format string"));
                }
                None => {
                    positional_used = true;
                    values.to_owned()
                }
            };
            let chunk = vm.ctx.new_str(format!("%{}", &text[spec.rest..spec.end]));
            let one = vm.new_tuple((value,));
            let piece = original(chunk.as_object(), one.as_object(), vm)?;
            out.push_str(piece.str(vm)?.as_ref());
            at = spec.end;
        }
        out.push_str(&text[at..]);
        Ok(vm.ctx.new_str(out).into())
    }));
}

/// One `%` conversion of a format string (not `%%`).
#[derive(Debug, PartialEq)]
struct PercentSpec {
    /// Where the `%` is.
    start: usize,
    /// `%(key)`'s key.
    key: Option<String>,
    /// Where the spec goes on after the key (flags, width, type).
    rest: usize,
    /// Just past the type character.
    end: usize,
    /// A `*` width or precision.
    star: bool,
}

fn percent_specs(text: &str) -> Vec<PercentSpec> {
    let bytes = text.as_bytes();
    let mut specs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'%' {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        if bytes.get(i) == Some(&b'%') {
            i += 1;
            continue;
        }
        let mut key = None;
        if bytes.get(i) == Some(&b'(') {
            let Some(close) = text[i..].find(')') else {
                return Vec::new(); // Malformed: RustPython's own error.
            };
            key = Some(text[i + 1..i + close].to_owned());
            i += close + 1;
        }
        let rest = i;
        let mut star = false;
        while i < bytes.len() && b"#0- +*.0123456789hlL".contains(&bytes[i]) {
            star |= bytes[i] == b'*';
            i += 1;
        }
        if i >= bytes.len() {
            return Vec::new();
        }
        let end = i + text[i..].chars().next().map_or(1, char::len_utf8);
        specs.push(PercentSpec {
            start,
            key,
            rest,
            end,
            star,
        });
        i = end;
    }
    specs
}

/// `repr(ValueError(2))` is `ValueError(2,)`: MicroPython prints an
/// exception's repr as its name and its args tuple, so one argument keeps
/// the tuple's comma (`gather(..., return_exceptions=True)` lists show it).
/// The slot is replaced in BaseException and in every builtin exception
/// type that inherited RustPython's (slots are copied at type creation;
/// classes made later inherit the new one).
fn exception_repr_as_micropython(vm: &VirtualMachine) -> PyResult<()> {
    fn repr(zelf: &PyObject, vm: &VirtualMachine) -> PyResult<rustpython_vm::PyRef<PyStr>> {
        let Some(exc) = zelf.downcast_ref::<rustpython_vm::builtins::PyBaseException>() else {
            return Ok(vm.ctx.new_str(zelf.class().name().to_string()));
        };
        let args = exc.args();
        let mut parts = Vec::with_capacity(args.len());
        for arg in args.iter() {
            parts.push(arg.repr(vm)?.to_string());
        }
        let comma = if parts.len() == 1 { "," } else { "" };
        Ok(vm.ctx.new_str(format!(
            "{}({}{comma})",
            zelf.class().name(),
            parts.join(", ")
        )))
    }
    install_repr(vm, vm.ctx.exceptions.base_exception_type, repr);
    Ok(())
}

/// `repr(micropython)` is `<module 'micropython'>`: MicroPython names no
/// origin for a builtin module (CPython adds ` (built-in)`, RustPython's
/// frozen library ` (frozen)`); modules from files keep `from '...'`.
fn module_repr_as_micropython(vm: &VirtualMachine) {
    static ORIGINAL: OnceLock<ReprSlot> = OnceLock::new();
    let slots = &vm.ctx.types.module_type.slots;
    let Some(repr) = slots.repr.load() else {
        return;
    };
    let _ = ORIGINAL.set(repr);
    slots.repr.store(Some(|zelf, vm| {
        let original = ORIGINAL.get().expect("set before the slot is replaced");
        let text = original(zelf, vm)?;
        let plain = text.to_string();
        match plain
            .strip_suffix(" (built-in)>")
            .or_else(|| plain.strip_suffix(" (frozen)>"))
        {
            Some(head) => Ok(vm.ctx.new_str(format!("{head}>"))),
            None => Ok(text),
        }
    }));
}

/// `repr(A)` is `<class 'A'>`: MicroPython names a class without its module
/// (`<class 'Pin'>`, `<class 'socket'>`; CPython `<class '__main__.A'>`).
/// Replaced in `type` and in the metaclasses that inherited its slot.
fn class_repr_as_micropython(vm: &VirtualMachine) -> PyResult<()> {
    fn repr(zelf: &PyObject, vm: &VirtualMachine) -> PyResult<rustpython_vm::PyRef<PyStr>> {
        let name = match zelf.downcast_ref::<PyType>() {
            Some(class) => class.name().to_string(),
            None => zelf.class().name().to_string(),
        };
        Ok(vm.ctx.new_str(format!("<class '{name}'>")))
    }
    install_repr(vm, vm.ctx.types.type_type, repr);
    Ok(())
}

type ReprSlot = fn(&PyObject, &VirtualMachine) -> PyResult<rustpython_vm::PyRef<PyStr>>;

/// Makes `repr` the repr of `base` and of its subclasses: in the slot, and
/// as `__repr__` in `base`'s dict (Python classes find it along their MRO).
fn install_repr(vm: &VirtualMachine, base: &'static Py<PyType>, repr: ReprSlot) {
    let Some(original) = base.slots.repr.load() else {
        return;
    };
    set_method(
        vm,
        base,
        "__repr__",
        move |zelf: PyObjectRef, vm: &VirtualMachine| repr(&zelf, vm),
    );
    replace_inherited_repr(base, original, repr);
}

/// Puts `repr` in the repr slot of `base` and of every subclass that still
/// has `original` (slots are copied when a type is made, so the builtin
/// subclasses hold their own copy; classes made later inherit the new one).
fn replace_inherited_repr(base: &'static Py<PyType>, original: ReprSlot, repr: ReprSlot) {
    let mut pending: Vec<PyObjectRef> = vec![base.to_owned().into()];
    while let Some(typ) = pending.pop() {
        let Some(typ) = typ.downcast_ref::<PyType>() else {
            continue;
        };
        if typ
            .slots
            .repr
            .load()
            .is_some_and(|f| f as usize == original as usize)
        {
            typ.slots.repr.store(Some(repr));
        }
        // The field, not `__subclasses__`: on `type` itself that name is
        // the unbound method.
        let subclasses: Vec<PyObjectRef> = typ
            .subclasses
            .read()
            .iter()
            .filter_map(|weak| weak.upgrade())
            .collect();
        pending.extend(subclasses);
    }
}

#[cfg(test)]
mod tests {
    use super::string_spec;

    #[test]
    fn percent_specs_are_split_with_their_keys() {
        use super::percent_specs;
        let specs = percent_specs("%s %(foo)-5d %% %(bar)*s");
        assert_eq!(specs.len(), 3);
        assert_eq!(specs[0].key, None);
        assert_eq!(specs[1].key.as_deref(), Some("foo"));
        assert!(specs[2].star);
        assert!(percent_specs("%(a").is_empty());
    }

    #[test]
    fn conversions_other_than_s_r_a_are_found() {
        use super::bad_conversion;
        assert_eq!(bad_conversion("abc{!d}"), Some('d'));
        assert_eq!(bad_conversion("{0!r:>5} {x[!]!s}"), None);
        assert_eq!(bad_conversion("{{!d}} {}"), None);
        assert_eq!(bad_conversion("{a!x:3}"), Some('x'));
    }

    #[test]
    fn string_specs_keep_left_alignment_for_zero_and_refuse_number_flags() {
        assert_eq!(string_spec("06s"), Ok(Some("0<6s".to_owned())));
        assert_eq!(string_spec("06"), Ok(Some("0<6".to_owned())));
        assert_eq!(string_spec(">06"), Ok(None));
        assert_eq!(string_spec("x^6"), Ok(None));
        assert_eq!(string_spec(""), Ok(None));
        assert!(string_spec("=").is_err());
        assert!(string_spec("+s").is_err());
        assert!(string_spec("*>+5").is_err());
    }
}
