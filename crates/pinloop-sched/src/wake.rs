//! What the VM thread waits on when it has nothing to run: an eventfd that
//! other threads (VM calls, the wake-up inbox) write to wake it. `ppoll`
//! on it also returns when a signal handler runs on the VM thread, whatever
//! SA_RESTART says, and a handler run on any other thread writes to the
//! signal pipe beside it, so SIGINT interrupts a sleep at once.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Sources outside the VM thread that may wake it (a thread that will set
/// a ThreadSafeFlag, a signal backend, a socket): while any is active the
/// virtual clock follows real time instead of jumping.
static OUTSIDE_SOURCES: AtomicUsize = AtomicUsize::new(0);

/// An outside source starts (see [`OUTSIDE_SOURCES`]).
pub fn outside_source_started() {
    OUTSIDE_SOURCES.fetch_add(1, Ordering::AcqRel);
}

/// An outside source will wake nothing more.
pub fn outside_source_ended() {
    let _ = OUTSIDE_SOURCES.fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
        Some(n.saturating_sub(1))
    });
}

/// Whether anything outside the VM thread may still wake it.
pub fn outside_sources_active() -> bool {
    OUTSIDE_SOURCES.load(Ordering::Acquire) > 0
}

fn event_fd() -> Option<libc::c_int> {
    static FD: OnceLock<Option<libc::c_int>> = OnceLock::new();
    *FD.get_or_init(|| {
        // SAFETY: eventfd takes two integers and returns a new descriptor
        // or -1; no memory is passed.
        let fd = unsafe { libc::eventfd(0, libc::EFD_NONBLOCK | libc::EFD_CLOEXEC) };
        (fd >= 0).then_some(fd)
    })
}

/// A pipe whose write end a signal handler writes a byte to (RustPython's
/// `signal.set_wakeup_fd`), polled beside the eventfd: a signal delivered
/// to any thread of the process then ends the VM thread's wait, not only
/// one delivered to the VM thread itself.
fn signal_pipe() -> Option<[libc::c_int; 2]> {
    static PIPE: OnceLock<Option<[libc::c_int; 2]>> = OnceLock::new();
    *PIPE.get_or_init(|| {
        let mut ends = [-1; 2];
        // SAFETY: pipe2 writes two descriptors into the live local array of
        // exactly two ints it is given.
        let made = unsafe { libc::pipe2(ends.as_mut_ptr(), libc::O_NONBLOCK | libc::O_CLOEXEC) };
        (made == 0).then_some(ends)
    })
}

/// The descriptor a signal handler writes to so that the VM thread's wait
/// ends (non-blocking; written bytes are drained by the wait).
pub fn signal_wakeup_fd() -> Option<libc::c_int> {
    signal_pipe().map(|[_, write]| write)
}

/// Wakes the VM thread if it is waiting (or makes its next wait return).
/// Callable from any thread.
pub fn notify() {
    if let Some(fd) = event_fd() {
        let one: u64 = 1;
        // SAFETY: writes 8 bytes from a live local to a descriptor this
        // module owns for the life of the process. A full counter (EAGAIN)
        // already means a wake-up is pending, so the result is not needed.
        unsafe {
            libc::write(fd, std::ptr::addr_of!(one).cast(), 8);
        }
    }
}

/// Waits until [`notify`] is called, a signal handler runs, or `timeout`
/// passes (None: no limit), whichever comes first. Returns early without
/// telling why: the caller checks its own conditions again.
pub fn wait(timeout: Option<Duration>) {
    wait_with(timeout, &mut []);
}

/// [`wait`], also returning when one of `fds` is ready (their `revents`
/// are filled in).
pub fn wait_with(timeout: Option<Duration>, fds: &mut [libc::pollfd]) {
    let Some(fd) = event_fd() else {
        std::thread::sleep(
            timeout
                .unwrap_or(Duration::MAX)
                .min(Duration::from_millis(1)),
        );
        return;
    };
    let signals = signal_pipe().map_or(-1, |[read, _]| read);
    let mut poll_fds = Vec::with_capacity(fds.len() + 2);
    for own in [fd, signals] {
        poll_fds.push(libc::pollfd {
            fd: own,
            events: libc::POLLIN,
            revents: 0,
        });
    }
    poll_fds.extend_from_slice(fds);
    let ready = ppoll(&mut poll_fds, timeout);
    if ready > 0 && poll_fds[0].revents != 0 {
        let mut count: u64 = 0;
        // SAFETY: reads 8 bytes into a live local from our own
        // non-blocking descriptor; resets the counter.
        unsafe {
            libc::read(fd, std::ptr::addr_of_mut!(count).cast(), 8);
        }
    }
    if ready > 0 && poll_fds[1].revents != 0 {
        let mut bytes = [0u8; 64];
        // SAFETY: reads at most 64 bytes into a live local buffer of that
        // size from our own non-blocking pipe; what it held is only a
        // wake-up, so one read is enough (a leftover wakes the next wait).
        unsafe {
            libc::read(signals, bytes.as_mut_ptr().cast(), bytes.len());
        }
    }
    for (slot, polled) in fds.iter_mut().zip(&poll_fds[2..]) {
        slot.revents = polled.revents;
    }
}

/// Waits for one of `fds` or `timeout` (None: no limit), without the VM
/// thread's wake-ups: the wait of a thread the script started, which must
/// not take the VM thread's notifications (their `revents` are filled in).
pub fn wait_alone(timeout: Option<Duration>, fds: &mut [libc::pollfd]) {
    if fds.is_empty() {
        std::thread::sleep(timeout.unwrap_or(Duration::MAX));
        return;
    }
    ppoll(fds, timeout);
}

/// `ppoll` on `fds` for at most `timeout`; the number ready, or -1.
fn ppoll(fds: &mut [libc::pollfd], timeout: Option<Duration>) -> libc::c_int {
    let spec = timeout.map(|t| libc::timespec {
        tv_sec: t.as_secs().min(i64::MAX as u64) as libc::time_t,
        tv_nsec: t.subsec_nanos() as libc::c_long,
    });
    let spec_ptr = spec.as_ref().map_or(std::ptr::null(), |s| s as *const _);
    // SAFETY: `fds` and `spec` are live for the call, which reads (and
    // writes `revents` of) only the `fds.len()` entries it is given; a null
    // timeout waits without limit and a null signal mask keeps the
    // thread's own.
    unsafe {
        libc::ppoll(
            fds.as_mut_ptr(),
            fds.len() as libc::nfds_t,
            spec_ptr,
            std::ptr::null(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    #[test]
    fn wait_times_out_and_notify_ends_it_early() {
        let start = Instant::now();
        wait(Some(Duration::from_millis(20)));
        assert!(start.elapsed() >= Duration::from_millis(20));
        notify();
        let start = Instant::now();
        wait(None);
        assert!(start.elapsed() < Duration::from_secs(1));
    }
}
