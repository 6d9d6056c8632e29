//! Running Rust closures on the VM thread between two bytecodes: the path a
//! hard IRQ takes. Any thread holds a [`VmCaller`]; what it sends runs at the
//! VM's next eval-breaker check (the same check that delivers SIGINT), and an
//! exception the closure raises is reported on stderr, never raised into the
//! unrelated code that happened to be running.

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

/// Creates the caller and the receiver that [`crate::interp`] installs on
/// the VM (only possible while the VM is being built);
/// the caller becomes the one [`current`] returns.
pub fn channel() -> (VmCaller, UserSignalReceiver) {
    let (sender, receiver) = user_signal_channel();
    let caller = VmCaller { sender };
    *CURRENT.lock().unwrap_or_else(|e| e.into_inner()) = Some(caller.clone());
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
        let nudge = self.sender.clone();
        self.sender
            .send(Box::new(move |vm| {
                let Err(exc) = call(vm) else {
                    return Ok(());
                };
                if ends_program(vm, &exc) {
                    let raised = crate::interrupt::raise_soon(vm, exc);
                    if raised.is_err() {
                        // The VM stops draining calls at an error: a no-op
                        // call makes it look at the channel again next time.
                        let _ = nudge.send(Box::new(|_| Ok(())));
                    }
                    return raised;
                }
                report_uncaught(vm, context, &exc);
                Ok(())
            }))
            .map_err(|_| VmGone)?;
        // A VM waiting in `clock::sleep` runs the call at once.
        pinloop_sched::wake::notify();
        Ok(())
    }
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

/// Reports an exception that escaped a callback the VM ran on its own
/// behalf (an IRQ handler, a scheduled call).
pub fn report_uncaught(
    vm: &VirtualMachine,
    context: &str,
    exc: &rustpython_vm::builtins::PyBaseExceptionRef,
) {
    report_with_header(vm, &format!("Uncaught exception in {context}"), exc);
}

/// Reports an exception under a header line of the caller's wording
/// (interrupt handlers word it as their MicroPython port does).
pub fn report_with_header(
    vm: &VirtualMachine,
    header: &str,
    exc: &rustpython_vm::builtins::PyBaseExceptionRef,
) {
    let text = traceback::format_exception(vm, exc);
    traceback::write_stderr(vm, &format!("{header}\n{text}"));
}
