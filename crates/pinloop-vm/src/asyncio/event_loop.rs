//! The loop: one time-ordered queue of tasks to resume, callbacks to call
//! and exceptions to report, the registry of unfinished tasks,
//! and the run that drains the queue. The state is per interpreter
//! ([`crate::interp_local`], dropped with the runtime) on the VM thread; no
//! borrow of it is held across a call into Python, so an interrupt handler
//! running between two bytecodes may use any of it.

use pinloop_sched::{clock, inbox::Inbox, queue::TimeQueue};
use rustpython_vm::{
    AsObject, PyObjectRef, PyRef, PyResult, VirtualMachine,
    builtins::{PyBaseExceptionRef, PyDictRef, PyTypeRef},
};

use super::flag;
use super::handle::{self, Handle};
use super::io_wait;
use super::task::{self, Task};
use crate::interp_local::{self, interp_local};
use crate::wait::{self, Forever, VirtualRule, Wait};

/// What the time queue holds.
#[derive(Debug)]
pub(super) enum Entry {
    /// Resume the task, if its token still matches.
    Resume(PyRef<Task>, u32),
    /// Report the task's exception through the exception handler, unless
    /// somebody retrieved it in the meantime.
    Report(PyRef<Task>),
    /// Call a callback (`call_soon`, `call_later`, done callbacks).
    Call(PyRef<Handle>),
}

#[derive(Debug, Default)]
struct LoopState {
    queue: TimeQueue<Entry>,
    current: Option<PyRef<Task>>,
    stop_requested: bool,
    /// How many runs of the loop are in progress (`get_running_loop`).
    running: u32,
    /// Task steps since the loop last idled (the virtual clock's spin
    /// rule, see [`SPIN_STEPS`]).
    steps_since_idle: u32,
    /// Unfinished tasks (`all_tasks`), in slots a task knows its index of.
    tasks: Vec<Option<PyRef<Task>>>,
    free_slots: Vec<u32>,
    /// The Python `Loop` object handed to exception handlers.
    loop_object: Option<PyObjectRef>,
    cancelled_error: Option<PyTypeRef>,
    invalid_state_error: Option<PyTypeRef>,
}

interp_local! {
    static LOOP: LoopState = LoopState::default();
}

/// Wake-ups posted from other threads: ThreadSafeFlag ids.
pub(super) static INBOX: Inbox<u64> = Inbox::new();

fn with_loop<R>(f: impl FnOnce(&mut LoopState) -> R) -> R {
    interp_local::with(&LOOP, f)
}

pub(super) fn set_cancelled_error(class: PyTypeRef) {
    with_loop(|l| l.cancelled_error = Some(class));
}

pub(super) fn cancelled_error(vm: &VirtualMachine) -> PyTypeRef {
    with_loop(|l| l.cancelled_error.clone())
        .unwrap_or_else(|| vm.ctx.exceptions.base_exception_type.to_owned())
}

/// CPython's InvalidStateError, made on first use.
pub(super) fn invalid_state_error(vm: &VirtualMachine) -> PyTypeRef {
    if let Some(class) = with_loop(|l| l.invalid_state_error.clone()) {
        return class;
    }
    let class = vm.ctx.new_exception_type(
        "asyncio",
        "InvalidStateError",
        Some(vec![vm.ctx.exceptions.exception_type.to_owned()]),
    );
    with_loop(|l| l.invalid_state_error = Some(class.clone()));
    class
}

pub(super) fn set_loop_object(object: PyObjectRef) {
    with_loop(|l| l.loop_object = Some(object));
}

pub(super) fn loop_object(vm: &VirtualMachine) -> PyObjectRef {
    with_loop(|l| l.loop_object.clone()).unwrap_or_else(|| vm.ctx.none())
}

/// The task running now.
pub(super) fn current_task() -> Option<PyRef<Task>> {
    with_loop(|l| l.current.clone())
}

/// Makes `task` the running one; returns the one it replaces.
pub(super) fn set_current(task: Option<PyRef<Task>>) -> Option<PyRef<Task>> {
    with_loop(|l| std::mem::replace(&mut l.current, task))
}

/// The running task, or the RuntimeError MicroPython raises outside one.
pub(super) fn require_current(vm: &VirtualMachine, what: &str) -> PyResult<PyRef<Task>> {
    current_task().ok_or_else(|| {
        vm.new_runtime_error(format!(
            "{what} must be awaited inside a task: start it with asyncio.run() or create_task()"
        ))
    })
}

pub(super) fn is_running() -> bool {
    with_loop(|l| l.running > 0)
}

/// Drops every queued task, callback and the stop request
/// (`new_event_loop()`).
pub(super) fn reset() {
    with_loop(|l| {
        l.queue.clear();
        l.stop_requested = false;
        l.tasks.clear();
        l.free_slots.clear();
    });
    flag::forget_waiters();
    io_wait::forget_waiters();
}

pub(super) fn request_stop() {
    with_loop(|l| l.stop_requested = true);
}

/// Puts `entry` in the queue at `key_us` (µs of the active clock).
pub(super) fn push(key_us: u64, entry: Entry) {
    with_loop(|l| l.queue.push(key_us, entry));
}

/// Puts `entry` in the queue now, behind everything already due.
pub(super) fn push_now(entry: Entry) -> u64 {
    let now = clock::now_us();
    with_loop(|l| l.queue.push_due(now, entry));
    now
}

/// Adds an unfinished task to the registry; returns its slot.
pub(super) fn register(task: &PyRef<Task>) -> u32 {
    with_loop(|l| match l.free_slots.pop() {
        Some(slot) => {
            l.tasks[slot as usize] = Some(task.clone());
            slot
        }
        None => {
            l.tasks.push(Some(task.clone()));
            (l.tasks.len() - 1) as u32
        }
    })
}

/// Takes a finished task out of the registry (if the slot is still its:
/// `new_event_loop()` empties the registry under live tasks).
pub(super) fn unregister(task: &PyRef<Task>, slot: u32) {
    with_loop(|l| {
        if let Some(entry) = l.tasks.get_mut(slot as usize)
            && entry.as_ref().is_some_and(|t| t.is(task))
        {
            *entry = None;
            l.free_slots.push(slot);
        }
    });
}

/// Every unfinished task, in no particular order.
pub(super) fn unfinished_tasks() -> Vec<PyRef<Task>> {
    with_loop(|l| l.tasks.iter().flatten().cloned().collect())
}

/// Calls the Python loop's `call_exception_handler(context)`.
pub(super) fn call_exception_handler(context: PyDictRef, vm: &VirtualMachine) -> PyResult<()> {
    let Some(loop_object) = with_loop(|l| l.loop_object.clone()) else {
        return Ok(());
    };
    vm.call_method(&loop_object, "call_exception_handler", (context,))?;
    Ok(())
}

/// Whether an exception ends only the task or callback it was raised in
/// (Exception and CancelledError), rather than the whole loop
/// (KeyboardInterrupt, SystemExit).
pub(super) fn task_level(exc: &PyBaseExceptionRef, vm: &VirtualMachine) -> bool {
    exc.fast_isinstance(vm.ctx.exceptions.exception_type)
        || exc.fast_isinstance(&cancelled_error(vm))
}

/// On the virtual clock, a loop that never idles (tasks polling with
/// `sleep(0)`) is taken to spend time, as it would on a board: after this
/// many task steps in a row, virtual time jumps to the next deadline (a
/// task's or the board's), so sleepers wake and stimuli arrive while others
/// poll. Counted in steps, so runs stay deterministic.
pub const SPIN_STEPS: u32 = 10_000;

/// The spin rule: called after each task step.
fn count_spin(vm: &VirtualMachine) -> PyResult<()> {
    if !clock::is_virtual() {
        return Ok(());
    }
    let spun = with_loop(|l| {
        l.steps_since_idle += 1;
        if l.steps_since_idle < SPIN_STEPS {
            return false;
        }
        l.steps_since_idle = 0;
        true
    });
    if !spun {
        return Ok(());
    }
    // Time jumps to the next task or board event, or the run ends at the
    // --run-for limit; with neither, polling goes on.
    let now = clock::now_us();
    let queue_next = with_loop(|l| l.queue.next_key_after(now));
    let mut wait = Wait::until(queue_next, VirtualRule::Jump, Forever::Return, true);
    wait::step(vm, &mut wait)
}

/// What ends a run of the loop.
pub(super) enum Until {
    Task(PyRef<Task>),
    Stopped,
    /// No task is queued and none waits on I/O (MicroPython's
    /// `run_until_complete()` with no task).
    Idle,
    /// Another thread sets the flag (and wakes the loop): the REPL's input.
    Flag(std::sync::Arc<std::sync::atomic::AtomicBool>),
}

/// Counts a run of the loop while it lasts, however it ends.
struct Running;

impl Running {
    fn enter() -> Self {
        with_loop(|l| l.running += 1);
        Running
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        with_loop(|l| l.running = l.running.saturating_sub(1));
    }
}

/// Runs the loop until `until` holds. Errors are those that escaped a task
/// to the top (KeyboardInterrupt, SystemExit) or a handler.
pub(super) fn run(until: &Until, vm: &VirtualMachine) -> PyResult<()> {
    let _running = Running::enter();
    clock::note_wait();
    loop {
        INBOX.drain(flag::deliver);
        let finished = match until {
            Until::Task(task) => task.is_done(),
            Until::Stopped => with_loop(|l| std::mem::take(&mut l.stop_requested)),
            Until::Idle => with_loop(|l| l.queue.next_key().is_none()) && !io_wait::has_waiters(),
            Until::Flag(flag) => flag.load(std::sync::atomic::Ordering::Acquire),
        };
        if finished {
            return Ok(());
        }
        // Each step polls I/O first (zero timeout), as MicroPython does.
        if io_wait::has_waiters() {
            io_wait::poll(vm)?;
        }
        match with_loop(|l| l.queue.pop_ready(clock::now_us)) {
            Some((key, entry)) => {
                if !clock::may_run_at(key) {
                    crate::wait::stop_at_run_for(vm);
                }
                match entry {
                    Entry::Resume(task, token) => {
                        if task.is_live(token) {
                            task::step(task, vm)?;
                            count_spin(vm)?;
                        }
                    }
                    Entry::Report(task) => task::report(task, vm)?,
                    Entry::Call(handle) => handle::run(handle, vm)?,
                }
            }
            None => idle(vm)?,
        }
    }
}

/// Nothing is due: wait for the next deadline (a task's or the board's) or
/// a wake-up, then serve signals, VM calls (interrupt handlers) and the
/// board's timers and stimuli that came due.
fn idle(vm: &VirtualMachine) -> PyResult<()> {
    let queue_next = with_loop(|l| {
        l.steps_since_idle = 0;
        l.queue.next_key()
    });
    let (mut fds, devices) = if io_wait::has_waiters() {
        io_wait::idle_plan()
    } else {
        (Vec::new(), false)
    };
    wait::step(
        vm,
        &mut Wait {
            deadline_us: queue_next,
            fds: &mut fds,
            devices,
            rule: VirtualRule::FollowOutside,
            forever: Forever::Block,
            board_first: true,
        },
    )
}
