//! The VM runs on its own thread; the process's first thread only waits for
//! it. Signals the VM handles (SIGINT's KeyboardInterrupt, handlers a script
//! installs) must land on a thread that can be interrupted out of a
//! blocking call for them, so the waiting thread blocks them.

/// Signals a Python program may handle.
const HANDLED: [libc::c_int; 9] = [
    libc::SIGINT,
    libc::SIGTERM,
    libc::SIGHUP,
    libc::SIGQUIT,
    libc::SIGUSR1,
    libc::SIGUSR2,
    libc::SIGALRM,
    libc::SIGCHLD,
    libc::SIGWINCH,
];

/// Blocks the handled signals on the calling thread. The process's first
/// thread calls it before it spawns the VM thread, which inherits the mask:
/// a signal that comes while the interpreter is being built then waits
/// (RustPython's start-up cannot take an exception) until
/// [`take_signals_here`] on the VM thread, once its handlers are in place.
pub fn leave_signals_to_other_threads() {
    set_mask(libc::SIG_BLOCK);
}

/// Unblocks the handled signals on the calling thread (the VM thread, when
/// its interpreter is ready); a signal that came meanwhile is delivered now.
pub fn take_signals_here() {
    set_mask(libc::SIG_UNBLOCK);
}

fn set_mask(how: libc::c_int) {
    // SAFETY: `set` is a plain C struct for which all-zero bytes are a valid
    // value; sigemptyset/sigaddset initialise and fill it through a pointer
    // to this live local; pthread_sigmask reads it and accepts a null old
    // mask. None of these calls retain the pointers.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        for signal in HANDLED {
            libc::sigaddset(&mut set, signal);
        }
        libc::pthread_sigmask(how, &set, std::ptr::null_mut());
    }
}
