//! The process's clock. Everything that reads time (ticks, `time.time`,
//! sleeps, the scheduler's deadlines) reads this, in microseconds since the
//! process started:
//!
//! - real: the monotonic clock;
//! - virtual: a counter that moves only when told to, by the scheduler
//!   jumping to the next deadline when every task waits, by `time.sleep*`,
//!   or by following real time while something outside may wake the loop.
//!
//! `--run-for S` sets a limit: nothing due at or after it may run.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Which clock is active.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockMode {
    Real,
    Virtual,
}

static VIRTUAL: AtomicBool = AtomicBool::new(false);
static VIRTUAL_US: AtomicU64 = AtomicU64::new(0);
static RUN_FOR_US: AtomicU64 = AtomicU64::new(u64::MAX);

fn origin() -> Instant {
    static ORIGIN: OnceLock<Instant> = OnceLock::new();
    *ORIGIN.get_or_init(|| {
        ORIGIN_NS.store(monotonic_ns(), Ordering::Relaxed);
        Instant::now()
    })
}

/// The monotonic clock at the origin, in nanoseconds: the hot path reads
/// the clock with one `clock_gettime` and integer arithmetic only.
static ORIGIN_NS: AtomicU64 = AtomicU64::new(0);

/// CLOCK_MONOTONIC (the clock `Instant` uses) in nanoseconds.
fn monotonic_ns() -> u64 {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes the live local `now` during the call;
    // CLOCK_MONOTONIC always exists on Linux.
    unsafe {
        libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut now);
    }
    now.tv_sec as u64 * 1_000_000_000 + now.tv_nsec as u64
}

/// The clock's origin (CLOCK_MONOTONIC, ns) and the virtual time (us),
/// for a process that takes over this one's board ([`resume`]).
pub fn saved() -> (u64, u64) {
    origin();
    (
        ORIGIN_NS.load(Ordering::Relaxed),
        VIRTUAL_US.load(Ordering::Relaxed),
    )
}

/// Goes on from [`saved`]'s values of an earlier process (CLOCK_MONOTONIC
/// is the system's, so the origin carries over an `execv`): board time
/// does not start again at a device's soft reset. Call before anything
/// reads the time.
pub fn resume(origin_ns: u64, virtual_us: u64) {
    origin();
    ORIGIN_NS.store(origin_ns.min(monotonic_ns()), Ordering::Relaxed);
    VIRTUAL_US.store(virtual_us, Ordering::Relaxed);
}

/// Selects the clock and the run-for limit; fixes the origin. Call once,
/// before anything reads the time.
pub fn configure(mode: ClockMode, run_for: Option<Duration>) {
    origin();
    VIRTUAL.store(mode == ClockMode::Virtual, Ordering::Relaxed);
    let limit = run_for.map_or(u64::MAX, |d| d.as_micros().min(u64::MAX as u128) as u64);
    RUN_FOR_US.store(limit, Ordering::Relaxed);
}

pub fn mode() -> ClockMode {
    if VIRTUAL.load(Ordering::Relaxed) {
        ClockMode::Virtual
    } else {
        ClockMode::Real
    }
}

pub fn is_virtual() -> bool {
    VIRTUAL.load(Ordering::Relaxed)
}

/// Microseconds since start on the active clock.
pub fn now_us() -> u64 {
    if is_virtual() {
        VIRTUAL_US.load(Ordering::Relaxed)
    } else {
        real_now_us()
    }
}

/// Nanoseconds since start on the active clock (the virtual clock counts
/// whole microseconds).
pub fn now_ns() -> u128 {
    if is_virtual() {
        VIRTUAL_US.load(Ordering::Relaxed) as u128 * 1000
    } else {
        origin();
        monotonic_ns().saturating_sub(ORIGIN_NS.load(Ordering::Relaxed)) as u128
    }
}

/// Milliseconds since start on the active clock (the scheduler keys in µs).
pub fn now_ms() -> u64 {
    now_us() / 1000
}

/// Microseconds since start on the monotonic clock, whichever is active.
pub fn real_now_us() -> u64 {
    origin();
    monotonic_ns().saturating_sub(ORIGIN_NS.load(Ordering::Relaxed)) / 1000
}

/// Moves the virtual clock forward to `us` (never back). No effect on the
/// real clock.
pub fn advance_to(us: u64) {
    if is_virtual() {
        VIRTUAL_US.fetch_max(us, Ordering::Relaxed);
    }
}

/// Moves the virtual clock forward by `us`.
pub fn advance_by(us: u64) {
    if is_virtual() {
        VIRTUAL_US.fetch_add(us, Ordering::Relaxed);
    }
}

/// The `--run-for` limit in microseconds of the active clock, if any.
pub fn run_for_limit_us() -> Option<u64> {
    let limit = RUN_FOR_US.load(Ordering::Relaxed);
    (limit != u64::MAX).then_some(limit)
}

/// Whether something due at `us` may still run under `--run-for`.
pub fn may_run_at(us: u64) -> bool {
    run_for_limit_us().is_none_or(|limit| us < limit)
}

/// Set once the program first waits (a sleep, the asyncio loop, a poll).
static WAITED: AtomicBool = AtomicBool::new(false);

/// Called by every wait of the program: from here on, busy code may be
/// stopped at the `--run-for` limit. Top-level code always runs to its
/// first wait, whatever the limit, so its output does not depend on how
/// long start-up took.
pub fn note_wait() {
    WAITED.store(true, Ordering::Relaxed);
}

/// Whether the program has waited yet.
pub fn has_waited() -> bool {
    WAITED.load(Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;

    // One test touches the process-wide clock, so the steps stay in order.
    #[test]
    fn virtual_time_moves_only_when_told_and_run_for_limits_it() {
        configure(ClockMode::Virtual, Some(Duration::from_secs(2)));
        assert_eq!(mode(), ClockMode::Virtual);
        let start = now_us();
        std::thread::sleep(Duration::from_millis(5));
        assert_eq!(now_us(), start);
        advance_by(1500);
        assert_eq!(now_us(), start + 1500);
        advance_to(start); // never back
        assert_eq!(now_us(), start + 1500);
        assert_eq!(now_ms(), (start + 1500) / 1000);
        assert_eq!(now_ns(), (start as u128 + 1500) * 1000);
        assert!(may_run_at(1_999_999));
        assert!(!may_run_at(2_000_000));

        configure(ClockMode::Real, None);
        assert_eq!(run_for_limit_us(), None);
        let before = now_us();
        std::thread::sleep(Duration::from_millis(5));
        assert!(now_us() >= before + 5000);
        advance_by(10_000_000); // ignored on the real clock
        assert!(now_us() < before + 10_000_000);
    }
}
