//! The native half of `asyncio` (`_pinloop_asyncio`): the loop, Task,
//! sleeps, Event, Lock and ThreadSafeFlag, with MicroPython's semantics.
//! `lib/asyncio` builds the public module on it, adding what is clearer in
//! Python (gather, wait_for, wait, the Loop class, CPython's primitives).
//!
//! It lives in this crate, not a crate of its own, because it needs the
//! interpreter's run-for stop, tracebacks and VM-call channel; the parts
//! free of the VM are in `pinloop-sched`.

mod event_loop;
mod flag;
mod handle;
mod io_wait;
mod queue;
mod semaphore;
mod sync;
mod task;

pub(crate) use _pinloop_asyncio::module_def;

/// Runs the loop until another thread sets `flag` (and calls
/// `pinloop_sched::wake::notify`): tasks keep running while the REPL waits
/// for a line.
pub(crate) fn run_until_flag(
    flag: &std::sync::Arc<std::sync::atomic::AtomicBool>,
    vm: &rustpython_vm::VirtualMachine,
) -> rustpython_vm::PyResult<()> {
    event_loop::run(&event_loop::Until::Flag(std::sync::Arc::clone(flag)), vm)
}

/// Whether any task is unfinished (something for the loop to run).
pub(crate) fn has_unfinished_tasks() -> bool {
    !event_loop::unfinished_tasks().is_empty()
}
pub use flag::FlagShared;

#[rustpython_vm::pymodule]
mod _pinloop_asyncio {
    use std::time::Duration;

    use rustpython_vm::{
        AsObject, FromArgs, PyObjectRef, PyPayload, PyRef, PyResult, VirtualMachine,
        builtins::{PyIntRef, PySet, PyTypeRef},
        class::PyClassImpl,
        function::{ArgIntoFloat, FuncArgs, OptionalArg},
    };

    use super::event_loop::{self, Until};
    use super::flag::{FlagWait, ThreadSafeFlag};
    use super::handle::{self, Handle};
    use super::queue::{self, Queue, QueueGet, QueueJoin, QueuePut};
    use super::semaphore::{Semaphore, SemaphoreAcquire};
    use super::sync::{self, Event, EventWait, Lock, LockAcquire, Ready, Sleep};
    use super::task::{self, Task};

    #[pyattr(name = "CancelledError")]
    fn cancelled_error(vm: &VirtualMachine) -> PyTypeRef {
        // A BaseException, as in MicroPython: `except Exception` lets it by.
        let cancelled = vm.ctx.new_exception_type(
            "asyncio",
            "CancelledError",
            Some(vec![vm.ctx.exceptions.base_exception_type.to_owned()]),
        );
        event_loop::set_cancelled_error(cancelled.clone());
        cancelled
    }

    /// CPython's: an operation not allowed in the task's or future's
    /// state (the result of one not done).
    #[pyattr(name = "InvalidStateError")]
    fn invalid_state_error(vm: &VirtualMachine) -> PyTypeRef {
        event_loop::invalid_state_error(vm)
    }

    #[pyattr(name = "Task")]
    fn task_class(_vm: &VirtualMachine) -> PyTypeRef {
        Sleep::make_static_type();
        Ready::make_static_type();
        EventWait::make_static_type();
        LockAcquire::make_static_type();
        FlagWait::make_static_type();
        QueueGet::make_static_type();
        QueuePut::make_static_type();
        QueueJoin::make_static_type();
        SemaphoreAcquire::make_static_type();
        super::io_wait::IoWait::make_static_type();
        Task::make_static_type()
    }

    #[pyattr(name = "Queue")]
    fn queue_class(_vm: &VirtualMachine) -> PyTypeRef {
        Queue::make_static_type()
    }

    #[pyattr(name = "QueueEmpty")]
    fn queue_empty(vm: &VirtualMachine) -> PyTypeRef {
        queue::exception_classes(vm).0
    }

    #[pyattr(name = "QueueFull")]
    fn queue_full(vm: &VirtualMachine) -> PyTypeRef {
        queue::exception_classes(vm).1
    }

    #[pyattr(name = "Semaphore")]
    fn semaphore_class(_vm: &VirtualMachine) -> PyTypeRef {
        Semaphore::make_static_type()
    }

    #[pyattr(name = "Handle")]
    fn handle_class(_vm: &VirtualMachine) -> PyTypeRef {
        Handle::make_static_type()
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

    #[derive(FromArgs)]
    struct CreateTaskArgs {
        #[pyarg(positional)]
        coro: PyObjectRef,
        #[pyarg(named, optional)]
        name: OptionalArg<PyObjectRef>,
        /// CPython's contextvars context: accepted, not used.
        #[pyarg(named, optional)]
        #[allow(dead_code)]
        context: OptionalArg<PyObjectRef>,
    }

    /// Wraps a coroutine in a Task and queues it to run now.
    #[pyfunction]
    fn create_task(args: CreateTaskArgs, vm: &VirtualMachine) -> PyResult<PyRef<Task>> {
        let name = match args.name.into_option().filter(|n| !vm.is_none(n)) {
            Some(name) => Some(name.str(vm)?.into()),
            None => None,
        };
        task::spawn(args.coro, name, vm)
    }

    /// The running task; RuntimeError outside one.
    #[pyfunction]
    fn current_task(vm: &VirtualMachine) -> PyResult<PyRef<Task>> {
        event_loop::current_task().ok_or_else(|| vm.new_runtime_error("no running task"))
    }

    /// CPython's `all_tasks()`: the set of tasks not yet finished.
    #[pyfunction]
    fn all_tasks(vm: &VirtualMachine) -> PyResult<PyRef<PySet>> {
        let set = PySet::default().into_ref(&vm.ctx);
        for task in event_loop::unfinished_tasks() {
            set.add(task.into(), vm)?;
        }
        Ok(set)
    }

    /// The Python Loop object (`Future.get_loop()`).
    #[pyfunction]
    fn _loop_object(vm: &VirtualMachine) -> PyObjectRef {
        event_loop::loop_object(vm)
    }

    /// Whether the loop is running (inside a task or a callback).
    #[pyfunction]
    fn _running() -> bool {
        event_loop::is_running()
    }

    /// `loop.time()`: seconds of the active clock (virtual or real).
    #[pyfunction]
    fn time() -> f64 {
        pinloop_sched::clock::now_us() as f64 / 1e6
    }

    /// `loop.call_soon(callback, *args)`.
    #[pyfunction]
    fn call_soon(
        callback: PyObjectRef,
        args: FuncArgs,
        vm: &VirtualMachine,
    ) -> PyResult<PyRef<Handle>> {
        handle::require_callable(&callback, "call_soon", vm)?;
        Ok(handle::call_soon(callback, args.args, vm))
    }

    /// `loop.call_later(delay, callback, *args)`, the delay in seconds.
    #[pyfunction]
    fn call_later(
        delay: ArgIntoFloat,
        callback: PyObjectRef,
        args: FuncArgs,
        vm: &VirtualMachine,
    ) -> PyResult<PyRef<Handle>> {
        handle::require_callable(&callback, "call_later", vm)?;
        let now_us = pinloop_sched::clock::now_us();
        let delay = delay.into_float();
        let when_us = now_us.saturating_add(handle::seconds_to_us(delay));
        let when = now_us as f64 / 1e6 + delay;
        Ok(handle::call_at(when_us, when, callback, args.args, vm))
    }

    /// `loop.call_at(when, callback, *args)`, `when` in `loop.time()`.
    #[pyfunction]
    fn call_at(
        when: ArgIntoFloat,
        callback: PyObjectRef,
        args: FuncArgs,
        vm: &VirtualMachine,
    ) -> PyResult<PyRef<Handle>> {
        handle::require_callable(&callback, "call_at", vm)?;
        let when = when.into_float();
        Ok(handle::call_at(
            handle::seconds_to_us(when),
            when,
            callback,
            args.args,
            vm,
        ))
    }

    /// An awaitable that suspends the running task for `ms` milliseconds
    /// (0 or less: until every task already due has run).
    /// (`result`, not MicroPython's: what the await gives, and an object
    /// of its own, for wait_for_ms.)
    #[pyfunction]
    fn sleep_ms(
        ms: PyObjectRef,
        result: OptionalArg<PyObjectRef>,
        vm: &VirtualMachine,
    ) -> PyResult<PyRef<Sleep>> {
        let ms: PyIntRef = ms.clone().try_into_value(vm).map_err(|_| {
            vm.new_type_error(format!(
                "sleep_ms() takes an integer number of milliseconds, not '{}'",
                ms.class().name()
            ))
        })?;
        // MicroPython's sleep_ms is ticks_add(ticks(), ms): half the ticks
        // period or more is its OverflowError, not a sleep of days.
        let overflow = || vm.new_overflow_error("ticks interval overflow");
        let ms = match ms.try_to_primitive::<i64>(vm) {
            Ok(ms) => ms,
            Err(_) if ms.as_bigint() < &0.into() => 0,
            Err(_) => return Err(overflow()),
        };
        if ms >= crate::clock::ticks_period() / 2 {
            return Err(overflow());
        }
        let result = result.into_option().filter(|r| !vm.is_none(r));
        Ok(sync::sleep_ms_giving(ms, result, vm))
    }

    #[derive(FromArgs)]
    struct SleepArgs {
        #[pyarg(any)]
        delay: PyObjectRef,
        #[pyarg(any, optional)]
        result: OptionalArg<PyObjectRef>,
    }

    /// An awaitable that suspends the running task for `delay` seconds;
    /// the await gives `result`.
    #[pyfunction]
    fn sleep(args: SleepArgs, vm: &VirtualMachine) -> PyResult<PyRef<Sleep>> {
        let seconds: ArgIntoFloat = args.delay.clone().try_into_value(vm).map_err(|_| {
            vm.new_type_error(format!(
                "sleep() takes a number of seconds, not '{}'",
                args.delay.class().name()
            ))
        })?;
        // MicroPython's sleep is sleep_ms(int(t * 1000)): the conversion's
        // errors, raised here in the caller.
        let value = seconds.into_float();
        if value.is_nan() {
            return Err(vm.new_value_error("cannot convert float NaN to integer"));
        }
        if value.is_infinite() {
            return Err(vm.new_overflow_error("cannot convert float infinity to integer"));
        }
        if value * 1000.0 >= (crate::clock::ticks_period() / 2) as f64 {
            return Err(vm.new_overflow_error("ticks interval overflow"));
        }
        let result = args.result.into_option().filter(|r| !vm.is_none(r));
        Ok(sync::sleep_seconds(value, result, vm))
    }

    /// Runs the loop until `task` is done; returns its result or raises
    /// its exception.
    #[pyfunction]
    fn run_until_complete(task: PyRef<Task>, vm: &VirtualMachine) -> PyResult {
        event_loop::run(&Until::Task(task.clone()), vm)?;
        Task::result_of(&task, vm)
    }

    /// Runs the loop until no task is queued and none waits on I/O.
    #[pyfunction]
    fn run_until_idle(vm: &VirtualMachine) -> PyResult<()> {
        event_loop::run(&Until::Idle, vm)
    }

    /// Runs the loop until `stop()`.
    #[pyfunction]
    fn run_forever(vm: &VirtualMachine) -> PyResult<()> {
        event_loop::run(&Until::Stopped, vm)
    }

    /// Makes `run_forever` return.
    #[pyfunction]
    fn stop() {
        event_loop::request_stop();
    }

    /// Drops every queued task (`new_event_loop()`).
    #[pyfunction]
    fn reset() {
        event_loop::reset();
    }

    /// The Python Loop object exception handlers receive.
    #[pyfunction]
    fn set_loop(loop_object: PyObjectRef) {
        event_loop::set_loop_object(loop_object);
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
        // The virtual clock follows real time until the thread has set it.
        pinloop_sched::wake::outside_source_started();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs_f64(seconds.max(0.0)));
            shared.set_from_any_thread();
            pinloop_sched::wake::outside_source_ended();
        });
    }

    /// Parks the running task until `stream` is ready for `flags`
    /// (select.POLLIN by default; POLLOUT to write): the stream mechanism
    /// StreamReader and StreamWriter use.
    #[pyfunction]
    fn _io_wait(
        stream: PyObjectRef,
        flags: OptionalArg<u32>,
        vm: &VirtualMachine,
    ) -> PyResult<PyRef<super::io_wait::IoWait>> {
        super::io_wait::io_wait(stream, flags.unwrap_or(crate::io_poll::POLLIN), vm)
    }

    #[pyfunction]
    fn _is_task(object: PyObjectRef) -> bool {
        object.downcastable::<Task>()
    }
}
