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

/// Blocks the handled signals on the calling thread only. Call it from the
/// thread that waits for the VM thread, after spawning it (spawned threads
/// inherit the mask of their creator).
pub fn leave_signals_to_other_threads() {
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
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
    }
}
