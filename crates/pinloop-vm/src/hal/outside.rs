//! Pins driven from outside the script: the control socket, host signals
//! and real GPIO inputs. They run on threads of their own and reach the
//! board through the VM-call channel, so an edge they make enters the same
//! interrupt path as a stimulus: its hard handlers run between two
//! bytecodes of whatever the script is doing.

use pinloop_board::Action;
use pinloop_sched::clock;
use rustpython_vm::{PyResult, VirtualMachine};

/// How long `press` holds a pin, in µs of the active clock.
pub const PRESS_US: u64 = 100_000;

/// The board pin an outside name stands for: a pin, an alias, a switch,
/// an LED as the pin log names it (`LED1`), or a number as `Pin(n)` takes
/// it.
fn resolve(name: &str) -> Result<usize, String> {
    super::with_hal(|sim| {
        let def = sim.def();
        let led = def
            .leds
            .iter()
            .find(|led| name.strip_prefix("LED") == Some(led.id.to_string().as_str()));
        let numbered = !name.is_empty() && name.bytes().all(|b| b.is_ascii_digit());
        let pin = match led {
            Some(led) => led.pin.clone(),
            // A number names the pin `Pin(n)` does.
            None if numbered => def.numbered_pin(name),
            None => def.stimulus_pin(name).unwrap_or_else(|| name.to_owned()),
        };
        sim.outside_pin_id(&pin).map_err(|e| e.to_string())
    })
}

/// Applies `action` to pin `name` on the VM thread; the edges it makes run
/// their handlers now.
pub fn apply(name: &str, action: Action, vm: &VirtualMachine) -> PyResult<Result<(), String>> {
    let pin = match resolve(name) {
        Ok(pin) => pin,
        Err(message) => return Ok(Err(message)),
    };
    let edges = super::with_state(|s| s.act(pin, action, clock::now_us(), PRESS_US));
    super::timeline::rearm_driver();
    super::deliver_edges(edges, vm)?;
    Ok(Ok(()))
}

/// The level of pin `name` now.
pub fn level(name: &str) -> Result<bool, String> {
    let pin = resolve(name)?;
    Ok(super::with_hal(|sim| sim.level(pin)))
}

/// Drives pin `name` from another thread.
pub fn drive_from_thread(context: &'static str, name: &str, action: Action) -> Result<(), String> {
    let name = name.to_owned();
    crate::vm_calls::ask(context, move |vm| apply(&name, action, vm))
}
