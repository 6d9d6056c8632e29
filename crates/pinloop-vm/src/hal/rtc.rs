//! `machine.RTC`: the board's real-time clock, on the active clock. It
//! reads what `time.localtime()` reads (the time of day of `time.time()`,
//! in the local zone), and setting it moves `time.time()` too, as on a
//! board, so `mpremote rtc --set` gives a device the host's time.
//!
//! `datetime()` is MicroPython's 8-tuple: (year, month, day, weekday,
//! hours, minutes, seconds, subseconds), weekday 0 for Monday, subseconds
//! in microseconds (as the esp32 and rp2 ports count them).
//!
//! Called on the VM thread only.

use rustpython_vm::{
    PyObjectRef, PyPayload, PyResult, VirtualMachine,
    function::{FuncArgs, OptionalArg},
    pyclass,
    types::{Constructor, Representable},
};

#[pyclass(module = "machine", name = "RTC")]
#[derive(Debug, PyPayload)]
pub struct Rtc;

impl Constructor for Rtc {
    type Args = FuncArgs;

    fn py_new(
        _cls: &rustpython_vm::Py<rustpython_vm::builtins::PyType>,
        _args: FuncArgs,
        _vm: &VirtualMachine,
    ) -> PyResult<Self> {
        Ok(Rtc)
    }
}

/// The local date and time now: (year, month, day, weekday, h, m, s, µs).
fn now_local(vm: &VirtualMachine) -> PyResult<[i64; 8]> {
    let ns = crate::clock::epoch_ns();
    let seconds = libc::time_t::try_from(ns / 1_000_000_000)
        .map_err(|_| vm.new_overflow_error("the RTC's time is out of range"))?;
    let micros = ((ns % 1_000_000_000) / 1000) as i64;
    // SAFETY: libc::tm is integers and (on glibc) a `tm_zone` pointer, for
    // which all-zero bytes are valid; localtime_r writes only into `tm`
    // and reads `seconds`, both valid for the call.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    if unsafe { libc::localtime_r(&seconds, &mut tm) }.is_null() {
        return Err(vm.new_overflow_error("the RTC's time is out of range"));
    }
    Ok([
        i64::from(tm.tm_year) + 1900,
        i64::from(tm.tm_mon) + 1,
        i64::from(tm.tm_mday),
        (i64::from(tm.tm_wday) + 6) % 7,
        i64::from(tm.tm_hour),
        i64::from(tm.tm_min),
        i64::from(tm.tm_sec),
        micros,
    ])
}

/// Sets the RTC from MicroPython's 8-tuple (the weekday is ignored, as a
/// board recomputes it).
fn set(datetime: PyObjectRef, vm: &VirtualMachine) -> PyResult<()> {
    let items: Vec<PyObjectRef> = datetime.try_to_value(vm)?;
    if !(7..=8).contains(&items.len()) {
        return Err(vm.new_type_error(
            "RTC.datetime() takes (year, month, day, weekday, hours, minutes, seconds[, subseconds])",
        ));
    }
    let field = |at: usize| -> PyResult<i64> { items[at].clone().try_to_value(vm) };
    let local = vm.ctx.new_tuple(vec![
        vm.ctx.new_int(field(0)?).into(),
        vm.ctx.new_int(field(1)?).into(),
        vm.ctx.new_int(field(2)?).into(),
        vm.ctx.new_int(field(4)?).into(),
        vm.ctx.new_int(field(5)?).into(),
        vm.ctx.new_int(field(6)?).into(),
        vm.ctx.new_int(0).into(),
        vm.ctx.new_int(0).into(),
    ]);
    let seconds = crate::mp_time::mktime(local.into(), vm)?;
    let micros = if items.len() == 8 {
        field(7)?.clamp(0, 999_999)
    } else {
        0
    };
    crate::clock::set_epoch_now(i128::from(seconds) * 1_000_000_000 + i128::from(micros) * 1000);
    Ok(())
}

#[pyclass(with(Constructor, Representable))]
impl Rtc {
    /// `datetime()` reads the 8-tuple; `datetime(tuple)` sets it.
    #[pymethod]
    fn datetime(&self, datetime: OptionalArg<PyObjectRef>, vm: &VirtualMachine) -> PyResult {
        match datetime {
            OptionalArg::Present(value) if !vm.is_none(&value) => {
                set(value, vm)?;
                Ok(vm.ctx.none())
            }
            _ => {
                let fields = now_local(vm)?;
                Ok(vm
                    .ctx
                    .new_tuple(fields.iter().map(|&v| vm.ctx.new_int(v).into()).collect())
                    .into())
            }
        }
    }

    /// `init(datetime)`: sets it (a Pyboard's spelling).
    #[pymethod]
    fn init(&self, datetime: PyObjectRef, vm: &VirtualMachine) -> PyResult<()> {
        set(datetime, vm)
    }
}

impl Representable for Rtc {
    fn repr_str(_zelf: &rustpython_vm::Py<Self>, _vm: &VirtualMachine) -> PyResult<String> {
        Ok("RTC()".to_owned())
    }
}
