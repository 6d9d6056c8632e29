//! The native half of `asyncio` (`_pinloop_asyncio`): the loop, Task,
//! sleeps, Event, Lock and ThreadSafeFlag, with MicroPython's semantics.
//! `lib/asyncio` builds the public module on it, adding what is clearer in
//! Python (gather, wait_for, wait, the Loop class).
//!
//! It lives in this crate, not a crate of its own, because it needs the
//! interpreter's run-for stop, tracebacks and VM-call channel; the parts
//! free of the VM are in `pinloop-sched`.

mod flag;
mod sync;
mod task;

pub(crate) use _pinloop_asyncio::module_def;
pub use flag::FlagShared;

#[rustpython_vm::pymodule]
mod _pinloop_asyncio {
    use std::time::Duration;

    use rustpython_vm::{
        AsObject, PyObjectRef, PyRef, PyResult, VirtualMachine,
        builtins::{PyIntRef, PyTypeRef},
        class::PyClassImpl,
        function::ArgIntoFloat,
    };

    use super::flag::{FlagWait, ThreadSafeFlag};
    use super::sync::{self, Event, EventWait, Lock, LockAcquire, Ready, Sleep};
    use super::task::{self, Task, Until};

    #[pyattr(name = "CancelledError")]
    fn cancelled_error(vm: &VirtualMachine) -> PyTypeRef {
        // A BaseException, as in MicroPython: `except Exception` lets it by.
        let class = vm.ctx.new_exception_type(
            "asyncio",
            "CancelledError",
            Some(vec![vm.ctx.exceptions.base_exception_type.to_owned()]),
        );
        task::set_cancelled_error(class.clone());
        class
    }

    #[pyattr(name = "Task")]
    fn task_class(_vm: &VirtualMachine) -> PyTypeRef {
        Sleep::make_static_type();
        Ready::make_static_type();
        EventWait::make_static_type();
        LockAcquire::make_static_type();
        FlagWait::make_static_type();
        Task::make_static_type()
    }

    #[pyattr(name = "Event")]
    fn event_class(_vm: &VirtualMachine) -> PyTypeRef {
        Event::make_static_type()
    }

    #[pyattr(name = "Lock")]
    fn lock_class(_vm: &VirtualMachine) -> PyTypeRef {
        Lock::make_static_type()
    }

    #[pyattr(name = "ThreadSafeFlag")]
    fn flag_class(_vm: &VirtualMachine) -> PyTypeRef {
        ThreadSafeFlag::make_static_type()
    }

    /// Wraps a coroutine in a Task and queues it to run now.
    #[pyfunction]
    fn create_task(coro: PyObjectRef, vm: &VirtualMachine) -> PyResult<PyRef<Task>> {
        task::spawn(coro, vm)
    }

    /// The running task; RuntimeError outside one.
    #[pyfunction]
    fn current_task(vm: &VirtualMachine) -> PyResult<PyRef<Task>> {
        task::current_task().ok_or_else(|| vm.new_runtime_error("no running task"))
    }

    /// An awaitable that suspends the running task for `ms` milliseconds
    /// (0 or less: until every task already due has run).
    #[pyfunction]
    fn sleep_ms(ms: PyObjectRef, vm: &VirtualMachine) -> PyResult<PyRef<Sleep>> {
        let ms: PyIntRef = ms.clone().try_into_value(vm).map_err(|_| {
            vm.new_type_error(format!(
                "sleep_ms() takes an integer number of milliseconds, not '{}'",
                ms.class().name()
            ))
        })?;
        let ms = ms.try_to_primitive::<i64>(vm).unwrap_or(i64::MAX);
        Ok(sync::sleep_ms(ms, vm))
    }

    /// An awaitable that suspends the running task for `seconds`.
    #[pyfunction]
    fn sleep(seconds: PyObjectRef, vm: &VirtualMachine) -> PyResult<PyRef<Sleep>> {
        let seconds: ArgIntoFloat = seconds.clone().try_into_value(vm).map_err(|_| {
            vm.new_type_error(format!(
                "sleep() takes a number of seconds, not '{}'",
                seconds.class().name()
            ))
        })?;
        Ok(sync::sleep_seconds(seconds, vm))
    }

    /// Runs the loop until `task` is done; returns its result or raises
    /// its exception.
    #[pyfunction]
    fn run_until_complete(task: PyRef<Task>, vm: &VirtualMachine) -> PyResult {
        task::run(&Until::Task(task.clone()), vm)?;
        Task::result_of(&task, vm)
    }

    /// Runs the loop until `stop()`.
    #[pyfunction]
    fn run_forever(vm: &VirtualMachine) -> PyResult<()> {
        task::run(&Until::Stopped, vm)
    }

    /// Makes `run_forever` return.
    #[pyfunction]
    fn stop() {
        task::request_stop();
    }

    /// Drops every queued task (`new_event_loop()`).
    #[pyfunction]
    fn reset() {
        task::reset();
    }

    /// The Python Loop object exception handlers receive.
    #[pyfunction]
    fn set_loop(loop_object: PyObjectRef) {
        task::set_loop_object(loop_object);
    }

    /// An awaitable already complete with `value`.
    #[pyfunction]
    fn ready(value: PyObjectRef, vm: &VirtualMachine) -> PyRef<Ready> {
        Ready::new(value, vm)
    }

    /// Test hook: sets `flag` from a new OS thread after `seconds` of real
    /// time, as an interrupt or another thread would.
    #[pyfunction]
    fn _set_from_thread_after(flag: PyRef<ThreadSafeFlag>, seconds: f64) {
        let shared = flag.shared();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs_f64(seconds.max(0.0)));
            shared.set_from_any_thread();
        });
    }

    #[pyfunction]
    fn _is_task(object: PyObjectRef) -> bool {
        object.downcastable::<Task>()
    }
}
