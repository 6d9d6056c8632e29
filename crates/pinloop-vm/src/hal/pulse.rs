//! `machine.time_pulse_us(pin, level, timeout_us)`: waits for `pin` to be
//! at `level`, then times how long it stays there, as MicroPython's does
//! (-2 if the pulse did not start within the timeout, -1 if it did not end
//! within it). Called on the VM thread only.
//!
//! The wait is a sleep of the active clock to the board's next event (a
//! stimulus, a timer), capped by the timeout: on the virtual clock it takes
//! no real time; on the real clock it sleeps at most `REAL_STEP` at a time,
//! so an edge from outside (the control socket, a GPIO line) is seen within
//! that step, and interrupts run while it waits.

use std::time::Duration;

use rustpython_vm::{PyResult, VirtualMachine};

use crate::clock;

/// How long a real-clock wait sleeps between looks at the pin.
const REAL_STEP: Duration = Duration::from_micros(20);

/// Sleeps until the board's next event or `until_us`, whichever is first.
fn step_towards(until_us: u64, vm: &VirtualMachine) -> PyResult<()> {
    let now = clock::now_us();
    let next = super::next_deadline_us().map_or(until_us, |d| d.clamp(now, until_us));
    let mut wait = Duration::from_micros(next.saturating_sub(now).max(1));
    if !pinloop_sched::clock::is_virtual() {
        wait = wait.min(REAL_STEP);
    }
    clock::sleep(vm, wait)
}

/// Waits while `pin`'s level is not `level` (`starting`) or is `level`;
/// true if the level changed before `timeout_us` passed.
fn wait_for_change(
    pin: usize,
    level: bool,
    starting: bool,
    timeout_us: u64,
    vm: &VirtualMachine,
) -> PyResult<bool> {
    let deadline = clock::now_us().saturating_add(timeout_us);
    loop {
        let at_level = super::with_hal(|sim| sim.level(pin)) == level;
        if at_level == starting {
            return Ok(true);
        }
        if clock::now_us() >= deadline {
            return Ok(false);
        }
        step_towards(deadline, vm)?;
    }
}

pub fn time_pulse_us(
    pin: usize,
    level: bool,
    timeout_us: u64,
    vm: &VirtualMachine,
) -> PyResult<i64> {
    if !wait_for_change(pin, level, true, timeout_us, vm)? {
        return Ok(-2);
    }
    let start = clock::now_us();
    if !wait_for_change(pin, level, false, timeout_us, vm)? {
        return Ok(-1);
    }
    Ok(clock::now_us().saturating_sub(start) as i64)
}
