//! MemoryError before the allocation, where the size is known beforehand:
//! `bytes(n)`, `bytearray(n)`, repetition of a sequence (`[0] * n`,
//! `"a" * n`, `*=`), `str.join`/`bytes.join` of a list or tuple,
//! `list(it)` and `list.extend(it)` of a sized iterable, and the integer
//! `**` and `<<` whose result would not fit. An allocation that
//! large would otherwise abort the process (RustPython allocates
//! infallibly) or take the machine's memory before the heap limit's
//! after-the-fact check ([`crate::heap_limit`]) could raise.
//!
//! Each check wraps a type's slot (or, for `join`, its method) at start-up:
//! the wrapper computes the size, raises MemoryError as MicroPython words
//! it (`memory allocation failed, allocating N bytes`) when it does not fit,
//! and otherwise calls the original, kept in a `OnceLock` (slot functions
//! are plain `fn` pointers, so a wrapper cannot capture it).

use std::sync::OnceLock;

use rustpython_vm::{
    AsObject, Py, PyObject, PyObjectRef, PyResult, VirtualMachine,
    builtins::{PyInt, PyList, PyTuple, PyType, PyTypeRef},
    function::FuncArgs,
    protocol::PySequence,
};

use crate::heap_limit;

type Repeat = fn(PySequence<'_>, isize, &VirtualMachine) -> PyResult;
type Binary = fn(&PyObject, &PyObject, &VirtualMachine) -> PyResult;
type Ternary = fn(&PyObject, &PyObject, &PyObject, &VirtualMachine) -> PyResult;
type New = fn(PyTypeRef, FuncArgs, &VirtualMachine) -> PyResult;
type Init = fn(PyObjectRef, FuncArgs, &VirtualMachine) -> PyResult<()>;

/// The MemoryError for an allocation of `bytes` that does not fit.
pub fn memory_error(
    vm: &VirtualMachine,
    bytes: u128,
) -> rustpython_vm::builtins::PyBaseExceptionRef {
    heap_limit::note_raised();
    vm.new_memory_error(format!(
        "memory allocation failed, allocating {bytes} bytes"
    ))
}

fn check(vm: &VirtualMachine, bytes: u128) -> PyResult<()> {
    match usize::try_from(bytes) {
        Ok(bytes) if heap_limit::fits(bytes) => Ok(()),
        _ => Err(memory_error(vm, bytes)),
    }
}

/// Generates a wrapper for one type's repeat slot: the original goes in a
/// static of its own, the wrapper checks `len * n * item_bytes` first.
macro_rules! repeat_wrapper {
    ($name:ident, $item_bytes:expr) => {
        fn $name(original: Repeat) -> Repeat {
            static ORIGINAL: OnceLock<Repeat> = OnceLock::new();
            let _ = ORIGINAL.set(original);
            |seq, n, vm| {
                if n > 1 {
                    let length = seq.length(vm)? as u128;
                    check(vm, length * n as u128 * $item_bytes)?;
                }
                (ORIGINAL.get().expect("set before the slot is"))(seq, n, vm)
            }
        }
    };
}

repeat_wrapper!(list_repeat, 8);
repeat_wrapper!(list_inplace_repeat, 8);
repeat_wrapper!(tuple_repeat, 8);
repeat_wrapper!(str_repeat, 1);
repeat_wrapper!(bytes_repeat, 1);
repeat_wrapper!(bytearray_repeat, 1);
repeat_wrapper!(bytearray_inplace_repeat, 1);

/// Installs every check on the builtin types (subclasses made later
/// inherit the wrapped slots).
pub fn install(vm: &VirtualMachine) -> PyResult<()> {
    let types = &vm.ctx.types;
    wrap_repeat(types.list_type, list_repeat, list_inplace_repeat);
    wrap_repeat(types.tuple_type, tuple_repeat, tuple_repeat);
    wrap_repeat(types.str_type, str_repeat, str_repeat);
    wrap_repeat(types.bytes_type, bytes_repeat, bytes_repeat);
    wrap_repeat(
        types.bytearray_type,
        bytearray_repeat,
        bytearray_inplace_repeat,
    );
    wrap_int(types.int_type);
    wrap_sized_constructors(vm);
    wrap_list(vm)?;
    wrap_join(vm, types.str_type)?;
    wrap_join(vm, types.bytes_type)?;
    wrap_join(vm, types.bytearray_type)?;
    Ok(())
}

fn wrap_repeat(typ: &PyType, repeat: fn(Repeat) -> Repeat, inplace: fn(Repeat) -> Repeat) {
    let slots = &typ.slots.as_sequence;
    if let Some(original) = slots.repeat.load() {
        slots.repeat.store(Some(repeat(original)));
    }
    if let Some(original) = slots.inplace_repeat.load()
        && inplace as usize != repeat as usize
    {
        slots.inplace_repeat.store(Some(inplace(original)));
    }
}

static INT_POWER: OnceLock<Ternary> = OnceLock::new();
static INT_LSHIFT: OnceLock<Binary> = OnceLock::new();

fn wrap_int(typ: &PyType) {
    let slots = &typ.slots.as_number;
    if let Some(original) = slots.power.load() {
        let _ = INT_POWER.set(original);
        slots.power.store(Some(int_power));
    }
    if let Some(original) = slots.lshift.load() {
        let _ = INT_LSHIFT.set(original);
        slots.lshift.store(Some(int_lshift));
    }
}

/// `a ** b` for integers without a modulus: the result has about
/// `bits(a) * b` bits.
fn int_power(
    base: &PyObject,
    exponent: &PyObject,
    modulus: &PyObject,
    vm: &VirtualMachine,
) -> PyResult {
    if vm.is_none(modulus)
        && let (Some(base), Some(exponent)) = (
            base.downcast_ref::<PyInt>(),
            exponent.downcast_ref::<PyInt>(),
        )
    {
        let bits = base.as_bigint().bits() as u128;
        if bits > 1
            && let Ok(exponent) = u64::try_from(exponent.as_bigint())
        {
            check(vm, bits.saturating_mul(exponent as u128) / 8)?;
        }
    }
    (INT_POWER.get().expect("set before the slot is"))(base, exponent, modulus, vm)
}

/// `a << b` for integers: the result has `bits(a) + b` bits.
fn int_lshift(value: &PyObject, shift: &PyObject, vm: &VirtualMachine) -> PyResult {
    if let (Some(value), Some(shift)) =
        (value.downcast_ref::<PyInt>(), shift.downcast_ref::<PyInt>())
        && let Ok(shift) = u64::try_from(shift.as_bigint())
        && value.as_bigint().bits() > 0
    {
        check(vm, (value.as_bigint().bits() as u128 + shift as u128) / 8)?;
    }
    (INT_LSHIFT.get().expect("set before the slot is"))(value, shift, vm)
}

static BYTES_NEW: OnceLock<New> = OnceLock::new();
static BYTEARRAY_INIT: OnceLock<Init> = OnceLock::new();

fn wrap_sized_constructors(vm: &VirtualMachine) {
    let bytes = &vm.ctx.types.bytes_type.slots;
    if let Some(original) = bytes.new.load() {
        let _ = BYTES_NEW.set(original);
        bytes.new.store(Some(bytes_new));
    }
    let bytearray = &vm.ctx.types.bytearray_type.slots;
    if let Some(original) = bytearray.init.load() {
        let _ = BYTEARRAY_INIT.set(original);
        bytearray.init.store(Some(bytearray_init));
    }
}

/// The size `bytes(n)`/`bytearray(n)` asks for: an int first argument
/// (one past `isize` is left to the constructor's OverflowError).
fn requested_size(args: &FuncArgs, vm: &VirtualMachine) -> PyResult<()> {
    if let Some(first) = args.args.first()
        && let Some(n) = first.downcast_ref::<PyInt>()
        && let Ok(n) = isize::try_from(n.as_bigint())
        && n > 0
    {
        check(vm, n as u128)?;
    }
    Ok(())
}

/// `list(iterable)` and `list.extend(iterable)` of an iterable whose
/// length is known (`len` or `__length_hint__`): a pointer per item. One
/// native call fills the list, so the heap limit's check at the next
/// instruction would come too late.
fn check_items(iterable: &PyObject, vm: &VirtualMachine) -> PyResult<()> {
    if let Ok(Some(count)) = vm.length_hint_opt(iterable.to_owned()) {
        check(vm, count as u128 * 8)?;
    }
    Ok(())
}

static LIST_INIT: OnceLock<Init> = OnceLock::new();

fn wrap_list(vm: &VirtualMachine) -> PyResult<()> {
    let list = vm.ctx.types.list_type;
    if let Some(original) = list.slots.init.load() {
        let _ = LIST_INIT.set(original);
        list.slots.init.store(Some(|zelf, args, vm| {
            if let Some(iterable) = args.args.first() {
                check_items(iterable, vm)?;
            }
            (LIST_INIT.get().expect("set before the slot is"))(zelf, args, vm)
        }));
    }
    let extend = list.as_object().get_attr("extend", vm)?;
    let checked = vm.new_method(
        "extend",
        list,
        move |zelf: PyObjectRef, iterable: PyObjectRef, vm: &VirtualMachine| -> PyResult {
            check_items(&iterable, vm)?;
            extend.call((zelf, iterable), vm)
        },
    );
    list.set_attr(vm.ctx.intern_str("extend"), checked.into());
    Ok(())
}

fn bytes_new(cls: PyTypeRef, args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    requested_size(&args, vm)?;
    (BYTES_NEW.get().expect("set before the slot is"))(cls, args, vm)
}

fn bytearray_init(zelf: PyObjectRef, args: FuncArgs, vm: &VirtualMachine) -> PyResult<()> {
    requested_size(&args, vm)?;
    (BYTEARRAY_INIT.get().expect("set before the slot is"))(zelf, args, vm)
}

/// `sep.join(list or tuple)`: the parts' lengths plus the separators'.
/// Other iterables are consumed by the original only once, unchecked.
fn wrap_join(vm: &VirtualMachine, typ: &'static Py<PyType>) -> PyResult<()> {
    let original = typ.as_object().get_attr("join", vm)?;
    let checked = vm.new_method(
        "join",
        typ,
        move |separator: PyObjectRef, parts: PyObjectRef, vm: &VirtualMachine| -> PyResult {
            let items: Option<Vec<PyObjectRef>> = parts
                .downcast_ref::<PyList>()
                .map(|list| list.borrow_vec().to_vec())
                .or_else(|| parts.downcast_ref::<PyTuple>().map(|tuple| tuple.to_vec()));
            if let Some(items) = items
                && items.len() > 1
            {
                let mut total = separator.length(vm)? as u128 * (items.len() as u128 - 1);
                for item in &items {
                    total += item.length(vm).unwrap_or(0) as u128;
                }
                check(vm, total)?;
            }
            original.call((separator, parts), vm)
        },
    );
    typ.set_attr(vm.ctx.intern_str("join"), checked.into());
    Ok(())
}
