//! SIGTERM and SIGHUP (`kill`, `timeout`, a closed terminal) end a program
//! as a clean exit does, then by the signal, so the parent still sees
//! "terminated": pinloop's own outputs are complete (the VCD written, the
//! pin log flushed, the control socket removed) and the script's buffered
//! output is flushed. `atexit` functions do not run, as in CPython.
//!
//! The signal handler only records the signal (signal-hook's self-pipe). A
//! watcher thread sends the clean-up to the VM thread, where it runs at the
//! next bytecode boundary or at once in a native wait; if the VM has not
//! ended the process within [`GRACE`] (busy in a native call, blocked on
//! standard input), the watcher removes what it can reach from its own
//! thread and ends the process itself.
//!
//! A script that installs its own handler (`signal.signal(SIGTERM, f)`)
//! replaces this one, as it would replace Python's default.

use std::time::Duration;

/// How long the VM has to carry out the clean-up.
const GRACE: Duration = Duration::from_secs(2);

/// Starts the watcher (once per process, when the VM is ready).
pub fn watch() {
    let mut signals = match signal_hook::iterator::Signals::new([libc::SIGTERM, libc::SIGHUP]) {
        Ok(signals) => signals,
        Err(err) => {
            crate::report!("pinloop: cannot watch SIGTERM and SIGHUP: {err}");
            return;
        }
    };
    let spawned = std::thread::Builder::new()
        .name("pinloop-termination".into())
        .spawn(move || {
            let Some(signal) = signals.forever().next() else {
                return;
            };
            // The VM of the program's current life (a project's reset
            // builds a new one).
            if let Some(caller) = crate::vm_calls::current() {
                let _ = caller.call("termination", move |vm| {
                    crate::run::finish_outputs(vm);
                    end_by(signal)
                });
            }
            std::thread::sleep(GRACE);
            crate::hal::finish_from_thread();
            end_by(signal);
        });
    if let Err(err) = spawned {
        crate::report!("pinloop: cannot watch SIGTERM and SIGHUP: {err}");
    }
}

/// Ends the process as the signal's default action would.
fn end_by(signal: libc::c_int) -> ! {
    let _ = signal_hook::low_level::emulate_default_handler(signal);
    std::process::exit(128 + signal);
}
