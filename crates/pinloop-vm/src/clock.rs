//! Time as Python code sees it, over the scheduler core's clock
//! ([`pinloop_sched::clock`], real or virtual): MicroPython's ticks
//! arithmetic, sleeping, and `--run-for`. Ticks count from the start of the
//! process, as on a board from reset, and wrap at a power-of-two period:
//! 2**30 as on a board, or 2**`PINLOOP_TICKS_BITS` so a test can force a
//! wrap.

use std::sync::OnceLock;
use std::time::Duration;

use pinloop_sched::clock;
use rustpython_vm::{PyResult, VirtualMachine};

use crate::wait::{Forever, VirtualRule, Wait};

/// Bits of the ticks period on a board (MicroPython's small-int ticks).
pub const DEFAULT_TICKS_BITS: u32 = 30;

/// The environment variable that changes the ticks period.
pub const TICKS_BITS_VAR: &str = "PINLOOP_TICKS_BITS";

/// Microseconds since start on the active clock.
pub fn now_us() -> u64 {
    clock::now_us()
}

/// Nanoseconds since start on the active clock.
pub fn now_ns() -> u128 {
    clock::now_ns()
}

/// The seconds since the Unix epoch at which the clock starts: set by
/// `--epoch`, else 2000-01-01 00:00:00 UTC on the virtual clock (where
/// MicroPython's boards start counting), so that a run's dates are the same
/// every time; the real clock reads the system's wall clock.
static EPOCH_S: OnceLock<i64> = OnceLock::new();

/// 2000-01-01T00:00:00Z.
pub const VIRTUAL_EPOCH_S: i64 = 946_684_800;

/// Fixes the start of `time.time()` (once, before the program runs).
pub fn set_epoch(seconds: i64) {
    let _ = EPOCH_S.set(seconds);
}

/// What setting the RTC moved the time of day by, in nanoseconds
/// (`machine.RTC().datetime(...)`, `mpremote rtc --set`).
static SET_BY_RTC_NS: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);

/// Moves the time of day so that it reads `epoch_ns` now (the RTC is set).
pub fn set_epoch_now(epoch_ns: i128) {
    let unset = i128::try_from(epoch_ns_unset()).unwrap_or(i128::MAX);
    let shift = (epoch_ns - unset).clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64;
    SET_BY_RTC_NS.store(shift, std::sync::atomic::Ordering::Relaxed);
}

/// Nanoseconds since the Unix epoch on the active clock (see [`EPOCH_S`]),
/// as the RTC was set.
pub fn epoch_ns() -> u128 {
    let shift = SET_BY_RTC_NS.load(std::sync::atomic::Ordering::Relaxed);
    (epoch_ns_unset() as i128 + i128::from(shift)).max(0) as u128
}

fn epoch_ns_unset() -> u128 {
    let epoch = EPOCH_S
        .get()
        .copied()
        .or(clock::is_virtual().then_some(VIRTUAL_EPOCH_S));
    match epoch {
        Some(seconds) => {
            let start = (i128::from(seconds) * 1_000_000_000).max(0) as u128;
            start + clock::now_ns()
        }
        None => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    }
}

/// The ticks period: a power of two in 2**2..=2**62.
pub fn ticks_period() -> i64 {
    static PERIOD: OnceLock<i64> = OnceLock::new();
    *PERIOD.get_or_init(|| {
        let bits = std::env::var(TICKS_BITS_VAR)
            .ok()
            .and_then(|v| v.trim().parse::<u32>().ok())
            .filter(|b| (2..=62).contains(b))
            .unwrap_or(DEFAULT_TICKS_BITS);
        1i64 << bits
    })
}

/// A count reduced to the ticks period.
pub fn wrap(count: u128, period: i64) -> i64 {
    (count % period as u128) as i64
}

/// MicroPython's `ticks_diff`: the signed distance from `start` to `end`,
/// correct across one wrap.
pub fn ticks_diff(end: i64, start: i64, period: i64) -> i64 {
    let half = period / 2;
    (end.wrapping_sub(start).wrapping_add(half) & (period - 1)) - half
}

/// MicroPython's `ticks_add`; None when `delta` is not strictly within half
/// a period, where `ticks_diff` could no longer recover it.
pub fn ticks_add(ticks: i64, delta: i64, period: i64) -> Option<i64> {
    let half = period / 2;
    if delta <= -half || delta >= half {
        return None;
    }
    Some(ticks.wrapping_add(delta) & (period - 1))
}

/// Sleeps on the VM thread for `duration` of the active clock, running
/// calls sent through [`crate::vm_calls`] (interrupt handlers, scheduled
/// functions) and signal handlers as they arrive, as a board runs IRQs
/// during a delay. On the virtual clock the sleep moves the clock (firing
/// the board's timers and stimuli due on the way) and returns at once. A
/// sleep that would end at or after the `--run-for` limit ends the program
/// there.
pub fn sleep(vm: &VirtualMachine, duration: Duration) -> PyResult<()> {
    let deadline =
        clock::now_us().saturating_add(duration.as_micros().min(u64::MAX as u128) as u64);
    wait_until(vm, Some(deadline), || false).map(|_| ())
}

/// Waits on the VM thread, as [`sleep`] does, until `ready()` holds (checked
/// after each board event and wake-up) or the active clock reaches
/// `deadline_us` (None: no limit). Returns whether `ready()` held. Used by
/// the blocking calls of simulated devices (a UART read with a timeout),
/// whose readiness changes only through the board's timeline or a VM call.
pub fn wait_until(
    vm: &VirtualMachine,
    deadline_us: Option<u64>,
    mut ready: impl FnMut() -> bool,
) -> PyResult<bool> {
    clock::note_wait();
    loop {
        crate::interrupt::check(vm)?;
        if ready() {
            return Ok(true);
        }
        if deadline_us.is_some_and(|deadline| clock::now_us() >= deadline) {
            return Ok(false);
        }
        let mut wait = Wait::until(
            deadline_us,
            VirtualRule::Jump,
            Forever::Refuse(
                "the wait can never end: nothing on the board's timeline will make the \
                 device ready",
            ),
            false,
        );
        crate::wait::step(vm, &mut wait)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: i64 = 1 << 30;

    #[test]
    fn diff_is_signed_and_survives_a_wrap() {
        assert_eq!(ticks_diff(5, 3, P), 2);
        assert_eq!(ticks_diff(3, 5, P), -2);
        assert_eq!(ticks_diff(1, P - 1, P), 2);
        assert_eq!(ticks_diff(P - 1, 1, P), -2);
        assert_eq!(ticks_diff(P / 2, 0, P), -P / 2);
    }

    #[test]
    fn add_wraps_and_round_trips_through_diff() {
        assert_eq!(ticks_add(P - 1, 2, P), Some(1));
        assert_eq!(ticks_add(1, -2, P), Some(P - 1));
        for delta in [0, 1, -1, P / 2 - 1, -(P / 2 - 1), 12345, -98765] {
            for start in [0, 1, P / 2, P - 1] {
                let end = ticks_add(start, delta, P).unwrap();
                assert_eq!(ticks_diff(end, start, P), delta);
                assert_eq!(ticks_diff(start, end, P), -delta);
            }
        }
    }

    #[test]
    fn add_refuses_half_a_period_or_more() {
        assert_eq!(ticks_add(0, P / 2, P), None);
        assert_eq!(ticks_add(0, -P / 2, P), None);
        assert_eq!(ticks_add(0, i64::MIN, P), None);
        assert_eq!(ticks_add(0, i64::MAX, P), None);
    }

    #[test]
    fn wrap_reduces_counts() {
        assert_eq!(wrap(P as u128 + 7, P), 7);
        assert_eq!(wrap(3, 1 << 62), 3);
    }
}
