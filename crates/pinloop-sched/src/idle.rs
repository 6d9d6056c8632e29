//! The loop's wait when no task is due: until the next deadline, a wake-up
//! (the inbox, a VM call, a signal) or I/O. It never spins: with every task
//! sleeping the thread is blocked in the kernel.
//!
//! On the virtual clock, a loop that nothing outside can wake jumps the
//! clock to the next deadline without waiting; one that something outside
//! may wake (another thread, a signal, a socket) waits in real time and the
//! virtual clock follows the real time that passed, up to the deadline.

use std::time::Duration;

use crate::{clock, wake};

/// What the loop waits on besides its deadlines; the streams issue plugs in
/// a poller for file descriptors and MicroPython stream devices.
pub trait IoWait {
    /// Blocks until I/O is ready, a [`wake::notify`], a signal, or
    /// `timeout` (None: no limit).
    fn wait(&mut self, timeout: Option<Duration>);
}

/// No I/O sources: the wait is the wake-up eventfd alone.
#[derive(Debug, Default)]
pub struct NoIo;

impl IoWait for NoIo {
    fn wait(&mut self, timeout: Option<Duration>) {
        wake::wait(timeout);
    }
}

/// Waits on file descriptors too (sockets, pipes a task reads or writes):
/// their `revents` are filled in.
#[derive(Debug)]
pub struct FdWait<'a> {
    pub fds: &'a mut [libc::pollfd],
}

impl IoWait for FdWait<'_> {
    fn wait(&mut self, timeout: Option<Duration>) {
        wake::wait_with(timeout, self.fds);
    }
}

/// Waits for the deadline `deadline_us` of the active clock (None: none),
/// or less when woken. `outside` says whether anything outside the loop may
/// wake it. The caller looks at its queues again afterwards.
pub fn wait_until(deadline_us: Option<u64>, outside: bool, io: &mut dyn IoWait) {
    let now = clock::now_us();
    if let Some(deadline) = deadline_us
        && deadline <= now
    {
        return;
    }
    let timeout = deadline_us.map(|d| Duration::from_micros(d - now));
    if !clock::is_virtual() {
        io.wait(timeout);
        return;
    }
    match (deadline_us, outside) {
        (Some(deadline), false) => clock::advance_to(deadline),
        (deadline, _) => {
            let started = clock::real_now_us();
            io.wait(timeout);
            let waited = clock::real_now_us().saturating_sub(started);
            let target = now.saturating_add(waited);
            clock::advance_to(deadline.map_or(target, |d| target.min(d)));
        }
    }
}
