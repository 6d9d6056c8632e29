//! MicroPython's additions to `time` (`ticks_*`, `sleep_ms`, `sleep_us`),
//! merged into RustPython's `time` module by [`crate::interp`]; its `sleep`
//! is replaced by one that runs interrupt handlers while it waits (see
//! [`clock::sleep`]); `localtime()` and `gmtime()` without an argument read
//! the active clock (RustPython's read the system's, which stands still
//! against a virtual clock); `mktime` takes MicroPython's 8-tuple.

use std::time::Duration;

use rustpython_vm::{
    PyObjectRef, PyResult, VirtualMachine,
    builtins::PyIntRef,
    function::{ArgIntoFloat, OptionalArg},
};

use crate::clock;

pub(crate) use _pinloop_time::module_def;

fn int_arg(value: &PyIntRef, what: &str, vm: &VirtualMachine) -> PyResult<i64> {
    value
        .try_to_primitive::<i64>(vm)
        .map_err(|_| vm.new_overflow_error(format!("{what} out of range")))
}

#[rustpython_vm::pymodule]
mod _pinloop_time {
    use super::*;

    /// Milliseconds since start, modulo the ticks period.
    #[pyfunction]
    fn ticks_ms() -> i64 {
        clock::wrap(clock::now_us() as u128 / 1000, clock::ticks_period())
    }

    /// Microseconds since start, modulo the ticks period.
    #[pyfunction]
    fn ticks_us() -> i64 {
        clock::wrap(clock::now_us() as u128, clock::ticks_period())
    }

    /// The highest-resolution counter there is (nanoseconds here), modulo
    /// the ticks period.
    #[pyfunction]
    fn ticks_cpu() -> i64 {
        clock::wrap(clock::now_ns(), clock::ticks_period())
    }

    /// `ticks + delta` modulo the period; `delta` must be within half a
    /// period either way.
    #[pyfunction]
    fn ticks_add(ticks: PyIntRef, delta: PyIntRef, vm: &VirtualMachine) -> PyResult<i64> {
        let period = clock::ticks_period();
        let overflow = || vm.new_overflow_error("ticks interval overflow");
        let ticks = int_arg(&ticks, "ticks", vm)?;
        let delta = delta.try_to_primitive::<i64>(vm).map_err(|_| overflow())?;
        clock::ticks_add(ticks, delta, period).ok_or_else(overflow)
    }

    /// The signed difference `end - start` of two ticks values.
    #[pyfunction]
    fn ticks_diff(end: PyIntRef, start: PyIntRef, vm: &VirtualMachine) -> PyResult<i64> {
        let end = int_arg(&end, "ticks", vm)?;
        let start = int_arg(&start, "ticks", vm)?;
        Ok(clock::ticks_diff(end, start, clock::ticks_period()))
    }

    /// Seconds since the Unix epoch, on the active clock.
    #[pyfunction]
    fn time() -> f64 {
        clock::epoch_ns() as f64 / 1e9
    }

    /// Nanoseconds since the Unix epoch, on the active clock.
    #[pyfunction]
    fn time_ns() -> u128 {
        clock::epoch_ns()
    }

    /// Seconds since start, on the active clock.
    #[pyfunction]
    fn monotonic() -> f64 {
        clock::now_ns() as f64 / 1e9
    }

    /// Nanoseconds since start, on the active clock.
    #[pyfunction]
    fn monotonic_ns() -> u128 {
        clock::now_ns()
    }

    /// Sleeps `ms` milliseconds; zero or less returns at once.
    #[pyfunction]
    fn sleep_ms(ms: PyIntRef, vm: &VirtualMachine) -> PyResult<()> {
        let ms = int_arg(&ms, "sleep length", vm)?;
        clock::sleep(vm, Duration::from_millis(ms.max(0) as u64))
    }

    /// Sleeps `us` microseconds; zero or less returns at once.
    #[pyfunction]
    fn sleep_us(us: PyIntRef, vm: &VirtualMachine) -> PyResult<()> {
        let us = int_arg(&us, "sleep length", vm)?;
        clock::sleep(vm, Duration::from_micros(us.max(0) as u64))
    }

    /// Sleeps `seconds` (int or float), as CPython's `time.sleep`.
    #[pyfunction]
    fn sleep(seconds: ArgIntoFloat, vm: &VirtualMachine) -> PyResult<()> {
        let seconds = seconds.into_float();
        if seconds.is_nan() || seconds < 0.0 {
            return Err(vm.new_value_error("sleep length must be non-negative"));
        }
        let duration = Duration::try_from_secs_f64(seconds)
            .map_err(|_| vm.new_overflow_error("sleep length is too large"))?;
        clock::sleep(vm, duration)
    }

    /// `localtime([secs])`: RustPython's, with the time now from the active
    /// clock.
    #[pyfunction]
    fn localtime(secs: OptionalArg<PyObjectRef>, vm: &VirtualMachine) -> PyResult {
        super::base_with_now(vm, "_base_localtime", secs)
    }

    /// `gmtime([secs])`, as `localtime`.
    #[pyfunction]
    fn gmtime(secs: OptionalArg<PyObjectRef>, vm: &VirtualMachine) -> PyResult {
        super::base_with_now(vm, "_base_gmtime", secs)
    }

    /// MicroPython's `mktime`: local time as an 8-tuple (as `localtime`
    /// gives on a board) or a 9-tuple (CPython's, `struct_time`), to whole
    /// seconds since the epoch, an int as MicroPython's.
    #[pyfunction]
    fn mktime(time: PyObjectRef, vm: &VirtualMachine) -> PyResult<i64> {
        super::mktime(time, vm)
    }

    /// CPython's `time.tzset()`: `localtime` follows the TZ now set.
    #[pyfunction]
    fn tzset() {
        super::reread_time_zone();
    }
}

unsafe extern "C" {
    /// POSIX `tzset(3)` (the libc crate does not declare it).
    fn tzset();
}

/// Makes the C library read `TZ` again (`localtime_r` does not).
pub fn reread_time_zone() {
    // SAFETY: tzset has no arguments and no preconditions; it reads the
    // environment and updates the C library's zone globals under glibc's
    // own lock. The environment is changed only on the VM thread (by
    // `os.putenv`, `os.environ`), which is the thread calling this, so no
    // setenv runs concurrently with its getenv.
    unsafe { tzset() }
}

/// Calls RustPython's `name` (kept by `interp::extend_module`) with `secs`,
/// or with the active clock's time when it is missing or None.
fn base_with_now(
    vm: &VirtualMachine,
    name: &'static str,
    secs: OptionalArg<PyObjectRef>,
) -> PyResult {
    let secs = match secs {
        OptionalArg::Present(value) if !vm.is_none(&value) => value,
        _ => vm.ctx.new_float(clock::epoch_ns() as f64 / 1e9).into(),
    };
    vm.import("time", 0)?.get_attr(name, vm)?.call((secs,), vm)
}

pub(crate) fn mktime(time: PyObjectRef, vm: &VirtualMachine) -> PyResult<i64> {
    let items: Vec<PyObjectRef> = time.try_to_value(vm)?;
    if !(8..=9).contains(&items.len()) {
        return Err(vm.new_type_error("mktime needs a tuple of length 8 or 9"));
    }
    let field = |at: usize, minus: i64| -> PyResult<libc::c_int> {
        let value: i64 = items[at].clone().try_to_value(vm)?;
        libc::c_int::try_from(value - minus)
            .map_err(|_| vm.new_overflow_error("mktime argument out of range"))
    };
    // SAFETY: libc::tm is integers and (on glibc) a `tm_zone` pointer, for
    // which all-zero bytes are valid values (0 and a null pointer).
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    tm.tm_year = field(0, 1900)?;
    tm.tm_mon = field(1, 1)?;
    tm.tm_mday = field(2, 0)?;
    tm.tm_hour = field(3, 0)?;
    tm.tm_min = field(4, 0)?;
    tm.tm_sec = field(5, 0)?;
    tm.tm_isdst = if items.len() == 9 { field(8, 0)? } else { -1 };
    tm.tm_wday = -1;
    // SAFETY: `tm` is a valid, exclusively borrowed libc::tm; mktime reads
    // and normalises it in place and returns a value.
    let seconds = unsafe { libc::mktime(&mut tm) };
    if seconds == -1 && tm.tm_wday == -1 {
        return Err(vm.new_overflow_error("mktime argument out of range"));
    }
    Ok(seconds)
}
