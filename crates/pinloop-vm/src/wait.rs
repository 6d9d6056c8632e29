//! The one wait. Every blocking path of the VM thread waits here: the
//! asyncio loop when nothing is due and its spin rule, `time.sleep` and the
//! simulated devices' blocking calls, and `select.poll`.
//!
//! A step waits until the first of:
//! - the waiter's own deadline (a sleep's end, a poll's timeout, a task's
//!   key);
//! - the next deadline of the registered source, the board's timeline (its
//!   timers and stimuli). It is registered at start-up ([`register_board`]),
//!   so this module names no layer above it;
//! - the next look at Python stream devices, which can only be polled;
//! - I/O on the waiter's file descriptors, a wake-up (a VM call, the
//!   inbox) or a signal.
//!
//! Then it fires what came due on the board, in time order, and serves
//! signals and VM calls. The caller looks at its own condition again.
//!
//! The virtual clock: time jumps to the first of those deadlines without
//! waiting, unless something outside the VM thread may end the wait sooner
//! (another thread, a signal backend, a socket, a descriptor in the wait)
//! and the waiter follows outside sources ([`VirtualRule`]). In that case
//! it waits in real time and virtual time follows the real time that
//! passed, up to the deadline.
//!
//! `--run-for` (the active clock's limit): when the next thing that could
//! happen lies at or after the limit, or nothing can happen at all, the
//! run ends there. The clock is moved to the limit, and the front end's
//! stop is called ([`on_run_for_end`]). Only the front end ends the
//! process. The rule itself is VM-free and unit-tested:
//! `pinloop_sched::idle::plan`.
//!
//! A thread the script started waits here too, but alone
//! ([`step_alone`]): its own deadline in real time, its own descriptors,
//! none of the VM thread's wake-ups, board events or `--run-for` stop,
//! which belong to the VM thread.

use std::sync::OnceLock;
use std::time::Duration;

use pinloop_sched::idle::{self, Plan, Situation};
use pinloop_sched::{clock, wake};
use rustpython_vm::{PyResult, VirtualMachine};

/// How long a wait lasts before Python devices are polled again when
/// nothing else would wake the loop sooner (a board polls continuously;
/// this bounds the CPU spent, and in virtual time is the step by which
/// time moves while only such devices are waited on).
pub const DEVICE_POLL_INTERVAL: Duration = Duration::from_millis(1);

/// How the virtual clock treats a wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VirtualRule {
    /// Jump, unless something outside may end the wait sooner; then follow
    /// real time (the loop, `select.poll`).
    FollowOutside,
    /// Always jump: the wait's end never comes from outside (`time.sleep`,
    /// a device's blocking call, the loop's spin rule).
    Jump,
}

/// What a virtual-clock wait does when nothing can ever end it and no
/// `--run-for` limit would end the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Forever {
    /// Block until a signal or a wake-up (the loop: Ctrl-C ends it).
    Block,
    /// Return at once (the spin rule moves time only where it can go).
    Return,
    /// Raise RuntimeError with this text.
    Refuse(&'static str),
}

/// What a step waits for.
#[derive(Debug)]
pub struct Wait<'a> {
    /// The waiter's own deadline, in µs of the active clock.
    pub deadline_us: Option<u64>,
    /// File descriptors to wait on (their `revents` are filled in).
    pub fds: &'a mut [libc::pollfd],
    /// Python stream devices are waited on: look again after
    /// [`DEVICE_POLL_INTERVAL`].
    pub devices: bool,
    pub rule: VirtualRule,
    pub forever: Forever,
    /// At the waiter's own deadline: whether the board's events due at
    /// that moment fire first (the loop, where a board event goes before a
    /// task due at the same time) or after the waiter goes on (a sleep).
    pub board_first: bool,
}

impl Wait<'_> {
    /// A wait with nothing to poll.
    pub fn until(
        deadline_us: Option<u64>,
        rule: VirtualRule,
        forever: Forever,
        board_first: bool,
    ) -> Wait<'static> {
        Wait {
            deadline_us,
            fds: &mut [],
            devices: false,
            rule,
            forever,
            board_first,
        }
    }
}

/// The board's timeline as a deadline source.
struct Board {
    next_us: fn() -> Option<u64>,
    fire_due: fn(&VirtualMachine) -> PyResult<()>,
}

static BOARD: OnceLock<Board> = OnceLock::new();
static RUN_FOR_END: OnceLock<fn(&VirtualMachine) -> !> = OnceLock::new();

/// Registers the board's timeline: its next deadline, and what fires the
/// events due. Once per process, before the first wait.
pub fn register_board(next_us: fn() -> Option<u64>, fire_due: fn(&VirtualMachine) -> PyResult<()>) {
    let _ = BOARD.set(Board { next_us, fire_due });
}

/// Registers what ends the run at the `--run-for` limit (the front end's
/// clean exit). Once per process.
pub fn on_run_for_end(stop: fn(&VirtualMachine) -> !) {
    let _ = RUN_FOR_END.set(stop);
}

/// Ends the run at the `--run-for` limit: the front end's stop, or without
/// one a plain exit with status 0.
pub fn stop_at_run_for(vm: &VirtualMachine) -> ! {
    match RUN_FOR_END.get() {
        Some(stop) => stop(vm),
        // Every front end registers its stop before anything runs.
        None => unreachable!("--run-for without a front end's stop (run::run registers it)"),
    }
}

/// The board's next deadline (None without a board or an event).
pub fn board_next_us() -> Option<u64> {
    BOARD.get().and_then(|board| (board.next_us)())
}

/// Fires the board's events that are due.
pub fn fire_board(vm: &VirtualMachine) -> PyResult<()> {
    match BOARD.get() {
        Some(board) => (board.fire_due)(vm),
        None => Ok(()),
    }
}

fn earliest(a: Option<u64>, b: Option<u64>) -> Option<u64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// One step of waiting (see the module's text).
pub fn step(vm: &VirtualMachine, wait: &mut Wait) -> PyResult<()> {
    if crate::threads::is_worker() {
        return step_alone(vm, wait);
    }
    clock::note_wait();
    let now = clock::now_us();
    let board = board_next_us().filter(|next| {
        wait.board_first || wait.deadline_us.is_none_or(|deadline| *next < deadline)
    });
    let mut until = earliest(wait.deadline_us, board);
    if wait.devices {
        let soon = now.saturating_add(DEVICE_POLL_INTERVAL.as_micros() as u64);
        until = earliest(until, Some(soon));
    }
    let virtual_clock = clock::is_virtual();
    let outside = wait.rule == VirtualRule::FollowOutside
        && (!wait.fds.is_empty() || wake::outside_sources_active());
    let situation = Situation {
        now_us: now,
        until,
        limit: clock::run_for_limit_us(),
        virtual_clock,
        outside,
    };
    match idle::plan(situation) {
        Plan::EndAt(limit) => {
            clock::advance_to(limit);
            stop_at_run_for(vm)
        }
        Plan::Jump(next) => clock::advance_to(next),
        Plan::Forever => match wait.forever {
            Forever::Block => wake::wait_with(None, wait.fds),
            Forever::Return => return Ok(()),
            Forever::Refuse(text) => return Err(vm.new_runtime_error(text.to_owned())),
        },
        Plan::Wait { timeout_us, until } => {
            let started = clock::real_now_us();
            wake::wait_with(timeout_us.map(Duration::from_micros), wait.fds);
            if virtual_clock {
                let waited = clock::real_now_us().saturating_sub(started);
                let target = now.saturating_add(waited);
                clock::advance_to(until.map_or(target, |next| target.min(next)));
            } else if situation
                .limit
                .is_some_and(|limit| clock::now_us() >= limit)
            {
                stop_at_run_for(vm);
            }
        }
    }
    // The board first: soft handlers it schedules then run at once.
    let at_deadline = wait
        .deadline_us
        .is_some_and(|deadline| clock::now_us() >= deadline);
    if wait.board_first || !at_deadline {
        fire_board(vm)?;
    }
    crate::interrupt::check(vm)
}

/// A step of a thread the script started (`threads::is_worker`): waits in
/// real time for its own deadline, its descriptors or, with devices, the
/// poll interval. On the virtual clock, time then follows the real time
/// that passed, up to the deadline, as the VM thread's clock does while a
/// worker runs, so the two agree and neither waits for the other.
fn step_alone(vm: &VirtualMachine, wait: &mut Wait) -> PyResult<()> {
    let now = clock::now_us();
    let mut until = wait.deadline_us;
    if wait.devices {
        let soon = now.saturating_add(DEVICE_POLL_INTERVAL.as_micros() as u64);
        until = earliest(until, Some(soon));
    }
    if until.is_none() && wait.fds.is_empty() {
        match wait.forever {
            Forever::Block => {}
            Forever::Return => return Ok(()),
            Forever::Refuse(text) => return Err(vm.new_runtime_error(text.to_owned())),
        }
    }
    let started = clock::real_now_us();
    let timeout = until.map(|until| Duration::from_micros(until.saturating_sub(now)));
    wake::wait_alone(timeout, wait.fds);
    if clock::is_virtual() {
        let waited = clock::real_now_us().saturating_sub(started);
        let target = now.saturating_add(waited);
        clock::advance_to(until.map_or(target, |until| target.min(until)));
    }
    crate::interrupt::check(vm)
}
