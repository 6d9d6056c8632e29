//! Running Rust closures on the VM thread between two bytecodes: the path a
//! hard IRQ takes. Any thread holds a [`VmCaller`]; what it sends runs at the
//! VM's next eval-breaker check (the same check that delivers SIGINT), and an
//! exception the closure raises is reported on stderr, never raised into the
//! unrelated code that happened to be running.
//!
//! Fairness: calls wait in [`QUEUE`], and RustPython's channel carries only
//! a request to run them. A run takes the calls queued when it starts; what
//! is sent while it runs (a timer that came due again, a callback that
//! schedules itself) waits for the next run, which the carrier signal asks
//! for at the next instruction ([`crate::interrupt::look_again`]). So the
//! interrupted code always gets to run between two runs, and a Ctrl-C is
//! seen there, however fast calls come. (RustPython's own channel drain
//! would run calls sent during the drain in the same drain, for ever.)

use std::collections::VecDeque;
use std::sync::Mutex;

use rustpython_vm::{
    AsObject, PyResult, VirtualMachine,
    signal::{UserSignalReceiver, UserSignalSender, user_signal_channel},
};

use crate::traceback;

/// A closure to run on the VM thread.
pub type VmCall = Box<dyn FnOnce(&VirtualMachine) -> PyResult<()> + Send>;

/// Sends closures to the VM thread. Cheap to clone; `Send` and `Sync`.
#[derive(Clone, Debug)]
pub struct VmCaller {
    sender: UserSignalSender,
}

/// The VM has exited: nothing sent now would run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VmGone;

impl std::fmt::Display for VmGone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the Python VM has exited")
    }
}

impl std::error::Error for VmGone {}

/// The caller of the process's VM (pinloop runs one VM per process), for
/// native code that starts threads needing one (pin backends, timers).
static CURRENT: Mutex<Option<VmCaller>> = Mutex::new(None);

/// Calls waiting for the VM thread, and where their run stands.
struct Queue {
    calls: VecDeque<VmCall>,
    /// A run is on its way (requested through the channel or the carrier).
    requested: bool,
    /// A run is going on now: a new call waits for the run after it.
    running: bool,
    /// The program has ended ([`close`]): calls are refused.
    closed: bool,
}

static QUEUE: Mutex<Queue> = Mutex::new(Queue {
    calls: VecDeque::new(),
    requested: false,
    running: false,
    closed: false,
});

/// The program has ended: what is queued is dropped and nothing sent from
/// now on runs (interrupt handlers and scheduled functions stop with the
/// program, as on a board; a callback that keeps scheduling itself cannot
/// hold up the exit).
pub fn close() {
    let dropped = {
        let mut queue = queue();
        queue.closed = true;
        std::mem::take(&mut queue.calls)
    };
    drop(dropped);
}

fn queue() -> std::sync::MutexGuard<'static, Queue> {
    QUEUE.lock().unwrap_or_else(|e| e.into_inner())
}

/// Creates the caller and the receiver that [`crate::interp`] installs on
/// the VM (only possible while the VM is being built);
/// the caller becomes the one [`current`] returns. Calls left for an
/// earlier VM are dropped.
pub fn channel() -> (VmCaller, UserSignalReceiver) {
    let (sender, receiver) = user_signal_channel();
    let caller = VmCaller { sender };
    *CURRENT.lock().unwrap_or_else(|e| e.into_inner()) = Some(caller.clone());
    let stale = {
        let mut queue = queue();
        queue.requested = false;
        queue.running = false;
        queue.closed = false;
        std::mem::take(&mut queue.calls)
    };
    drop(stale); // outside the lock: dropping a closure may drop Python objects
    (caller, receiver)
}

/// The caller of the most recently built VM.
pub fn current() -> Option<VmCaller> {
    CURRENT.lock().unwrap_or_else(|e| e.into_inner()).clone()
}

impl VmCaller {
    /// Runs `call` on the VM thread between two bytecodes. If it raises,
    /// the exception is printed as `Uncaught exception in <context>` plus
    /// the traceback, and the interrupted code goes on undisturbed; only
    /// SystemExit and KeyboardInterrupt go on into the interrupted code, so
    /// `sys.exit()` in a handler ends the program as it would anywhere.
    pub fn call<F>(&self, context: &'static str, call: F) -> Result<(), VmGone>
    where
        F: FnOnce(&VirtualMachine) -> PyResult<()> + Send + 'static,
    {
        let wrapped: VmCall = Box::new(move |vm| {
            let called = call(vm).map(|()| vm.ctx.none());
            match settle_callback(vm, called, || format!("Uncaught exception in {context}")) {
                Err(exc) => crate::interrupt::raise_soon(vm, exc),
                Ok(_) => Ok(()),
            }
        });
        let request = {
            let mut queue = queue();
            if queue.closed {
                drop(queue);
                drop(wrapped);
                return Err(VmGone);
            }
            queue.calls.push_back(wrapped);
            let request = !queue.requested && !queue.running;
            queue.requested |= !queue.running;
            request
        };
        if request {
            self.sender.send(Box::new(run_queued)).map_err(|_| {
                queue().requested = false;
                VmGone
            })?;
        }
        // A VM waiting in `clock::sleep` runs the call at once.
        pinloop_sched::wake::notify();
        Ok(())
    }
}

/// Runs the calls queued now, in order (on the VM thread, from the eval
/// breaker or a native wait). Calls sent meanwhile, and those after one
/// that raised, are left for the next run, which the carrier requests.
pub(crate) fn run_queued(vm: &VirtualMachine) -> PyResult<()> {
    let batch = {
        let mut queue = queue();
        queue.requested = false;
        queue.running = true;
        std::mem::take(&mut queue.calls)
    };
    let mut calls = batch.into_iter();
    let mut outcome = Ok(());
    for call in calls.by_ref() {
        outcome = call(vm);
        if outcome.is_err() {
            break;
        }
    }
    let more = {
        let mut queue = queue();
        queue.running = false;
        for left in calls.rev() {
            queue.calls.push_front(left);
        }
        let more = !queue.calls.is_empty();
        queue.requested |= more;
        more
    };
    if more {
        crate::interrupt::look_again(vm);
    }
    outcome
}

/// Whether calls wait for a run the carrier asked for.
pub(crate) fn calls_waiting() -> bool {
    let queue = queue();
    queue.requested && !queue.running && !queue.calls.is_empty()
}

/// How long a thread waits for the VM to act on a request before it
/// reports the script as busy.
const ANSWER_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Runs `request` on the VM thread and waits for its answer (from any
/// other thread). Errors say why there is none.
pub fn ask<T: Send + 'static>(
    context: &'static str,
    request: impl FnOnce(&VirtualMachine) -> PyResult<Result<T, String>> + Send + 'static,
) -> Result<T, String> {
    let Some(caller) = current() else {
        return Err("the script has not started".to_owned());
    };
    let (answer, answered) = std::sync::mpsc::channel();
    caller
        .call(context, move |vm| {
            let result = request(vm);
            let (reply, outcome) = match result {
                Ok(reply) => (reply, Ok(())),
                Err(exc) => (Err("the script stopped".to_owned()), Err(exc)),
            };
            let _ = answer.send(reply);
            outcome
        })
        .map_err(|_| "the script has ended".to_owned())?;
    match answered.recv_timeout(ANSWER_TIMEOUT) {
        Ok(reply) => reply,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            Err("the script did not answer in 5 s (busy in native code?)".to_owned())
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            Err("the script has ended".to_owned())
        }
    }
}

/// Whether `exc` is one a callback passes on instead of reporting:
/// SystemExit and KeyboardInterrupt.
pub fn ends_program(
    vm: &VirtualMachine,
    exc: &rustpython_vm::builtins::PyBaseExceptionRef,
) -> bool {
    exc.fast_isinstance(vm.ctx.exceptions.system_exit)
        || exc.fast_isinstance(vm.ctx.exceptions.keyboard_interrupt)
}

/// The one policy for what a callback the VM runs on its own behalf gave
/// (an IRQ handler, a timer's callback, a scheduled function, a VM call):
/// `Ok(true)` it returned; `Ok(false)` it raised and the exception is
/// reported under `header()`, as a board reports it, and the caller
/// switches the callback off where a board would; `Err` for SystemExit
/// and KeyboardInterrupt, which go on into the interrupted code. (A
/// thread's function has no interrupted code: `threads::run_worker`.)
pub fn settle_callback(
    vm: &VirtualMachine,
    called: PyResult,
    header: impl FnOnce() -> String,
) -> PyResult<bool> {
    let Err(exc) = called else {
        return Ok(true);
    };
    if ends_program(vm, &exc) {
        return Err(exc);
    }
    report_with_header(vm, &header(), &exc);
    Ok(false)
}

/// Reports an exception under a header line of the caller's wording
/// (interrupt handlers word it as their MicroPython port does).
pub fn report_with_header(
    vm: &VirtualMachine,
    header: &str,
    exc: &rustpython_vm::builtins::PyBaseExceptionRef,
) {
    let text = traceback::format_exception(vm, exc);
    crate::stdio::write_stderr(vm, &format!("{header}\n{text}"));
}
