//! Real GPIO (`--gpio /dev/gpiochipN`): pins mapped to lines of a Linux GPIO
//! chip. The simulated board stays the model the script talks to; this
//! backend mirrors it onto the chip and feeds the chip's input edges back:
//!
//! - after every change to the board, each mapped pin's mode, pull and
//!   output level are compared with what the chip was last told, and the
//!   line is reconfigured or set where they differ ([`Mirror::sync`]);
//! - a thread waits for the chip's edge events (each carrying the kernel's
//!   timestamp) and sends each one, as a `high`/`low` drive of the pin,
//!   through the VM-call channel: the path every outside edge takes, so a
//!   hard handler runs between two bytecodes ([`translate`]).
//!
//! The chip is behind [`LineChip`] so the mapping and the translation are
//! tested without one; [`crate::gpio_cdev`] is the character-device one.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use crate::{Action, BoardDef, Mode, Pull, Sim};

/// How a line is set up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineSetting {
    /// An input with edge detection on both edges.
    Input {
        pull: Pull,
    },
    Output {
        value: bool,
        open_drain: bool,
    },
}

/// An edge the chip saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineEvent {
    pub offset: u32,
    pub rising: bool,
    /// CLOCK_MONOTONIC, as the kernel stamps it.
    pub timestamp_ns: u64,
}

/// A GPIO chip's lines. Shared by the VM thread (configuration, outputs)
/// and the event thread.
pub trait LineChip: Send + Sync {
    fn apply(&self, offset: u32, setting: LineSetting) -> Result<(), String>;
    fn set_value(&self, offset: u32, value: bool) -> Result<(), String>;
    fn value(&self, offset: u32) -> Result<bool, String>;
    /// The next edge, or None after `timeout`.
    fn wait_event(&self, timeout: Duration) -> Result<Option<LineEvent>, String>;
}

/// Pin names and line offsets, both ways.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineMap {
    by_pin: HashMap<String, u32>,
    by_offset: HashMap<u32, String>,
}

/// `--gpio-line NAME=OFFSET`.
pub fn parse_line_spec(spec: &str) -> Result<(String, u32), String> {
    let usage = || format!("--gpio-line wants NAME=OFFSET (like X1=17), not '{spec}'");
    let (name, offset) = spec.split_once('=').ok_or_else(usage)?;
    let offset = offset.trim().parse::<u32>().map_err(|_| usage())?;
    let name = name.trim();
    if name.is_empty() {
        return Err(usage());
    }
    Ok((name.to_owned(), offset))
}

impl LineMap {
    /// The board file's `[[gpio]]` lines, then the command line's (which
    /// win for a pin they both map). Names must be the board's pins; a line
    /// may serve one pin only.
    pub fn new(board: &BoardDef, extra: &[(String, u32)]) -> Result<LineMap, String> {
        let mut pairs: Vec<(String, u32)> = board
            .gpio_lines
            .iter()
            .map(|g| {
                (
                    board.resolve(&g.pin).unwrap_or_else(|| g.pin.clone()),
                    g.line,
                )
            })
            .collect();
        for (name, offset) in extra {
            let pin = board.resolve(name).ok_or_else(|| {
                format!(
                    "--gpio-line names an unknown pin '{name}'; {}",
                    board.valid_choices()
                )
            })?;
            pairs.retain(|(p, _)| *p != pin);
            pairs.push((pin, *offset));
        }
        let mut map = LineMap::default();
        for (pin, offset) in pairs {
            if let Some(other) = map.by_offset.get(&offset) {
                return Err(format!(
                    "GPIO line {offset} is mapped to both '{other}' and '{pin}'"
                ));
            }
            map.by_offset.insert(offset, pin.clone());
            map.by_pin.insert(pin, offset);
        }
        if map.by_pin.is_empty() {
            return Err(
                "no pin is mapped to a GPIO line: add [[gpio]] pin/line entries to \
                        the board file or --gpio-line NAME=OFFSET"
                    .to_owned(),
            );
        }
        Ok(map)
    }

    pub fn offset(&self, pin: &str) -> Option<u32> {
        self.by_pin.get(pin).copied()
    }

    pub fn pin(&self, offset: u32) -> Option<&str> {
        self.by_offset.get(&offset).map(String::as_str)
    }

    pub fn offsets(&self) -> impl Iterator<Item = (&str, u32)> {
        self.by_pin
            .iter()
            .map(|(pin, offset)| (pin.as_str(), *offset))
    }
}

/// What a chip edge does to the board: drive the pin to the new level.
pub fn translate(map: &LineMap, event: &LineEvent) -> Option<(String, Action)> {
    let pin = map.pin(event.offset)?;
    let action = if event.rising {
        Action::High
    } else {
        Action::Low
    };
    Some((pin.to_owned(), action))
}

/// The setting a simulated pin's state asks of its line.
pub fn setting_of(mode: Mode, pull: Pull, latch: bool) -> LineSetting {
    match mode {
        Mode::Input => LineSetting::Input { pull },
        Mode::Output => LineSetting::Output {
            value: latch,
            open_drain: false,
        },
        Mode::OpenDrain => LineSetting::Output {
            value: latch,
            open_drain: true,
        },
    }
}

/// Keeps the chip in step with the simulated board.
pub struct Mirror {
    chip: Arc<dyn LineChip>,
    map: LineMap,
    /// What each line was last told.
    applied: HashMap<u32, LineSetting>,
    /// Errors not yet reported (they surface on stderr).
    pub errors: Vec<String>,
}

impl Mirror {
    pub fn new(chip: Arc<dyn LineChip>, map: LineMap) -> Mirror {
        Mirror {
            chip,
            map,
            applied: HashMap::new(),
            errors: Vec::new(),
        }
    }

    /// Brings every mapped line in step with `sim`. A line newly made an
    /// input passes its level to the pin (as a drive from outside, without
    /// an interrupt: nothing was attached to the old level); an output
    /// stops that drive.
    pub fn sync(&mut self, sim: &mut Sim) {
        let mapped: Vec<(String, u32)> = self
            .map
            .offsets()
            .map(|(pin, offset)| (pin.to_owned(), offset))
            .collect();
        for (name, offset) in mapped {
            let Ok(pin) = sim.pin_id(&name) else {
                continue;
            };
            let wanted = setting_of(sim.mode(pin), sim.pull(pin), sim.latch(pin));
            let before = self.applied.get(&offset).copied();
            if before == Some(wanted) {
                continue;
            }
            // An output that only changes level needs no reconfiguration.
            let value_only = matches!(
                (before, wanted),
                (
                    Some(LineSetting::Output { open_drain: a, .. }),
                    LineSetting::Output { open_drain: b, .. }
                ) if a == b
            );
            let outcome = match wanted {
                LineSetting::Output { value, .. } if value_only => {
                    self.chip.set_value(offset, value)
                }
                _ => self.chip.apply(offset, wanted),
            };
            if let Err(message) = outcome {
                self.errors
                    .push(format!("--gpio: line {offset} ({name}): {message}"));
                continue;
            }
            self.applied.insert(offset, wanted);
            match wanted {
                LineSetting::Input { .. } => match self.chip.value(offset) {
                    Ok(level) => {
                        let _ = sim.drive(pin, Some(level));
                    }
                    Err(message) => self
                        .errors
                        .push(format!("--gpio: line {offset} ({name}): {message}")),
                },
                LineSetting::Output { .. } => {
                    if sim.external(pin).is_some() {
                        let _ = sim.drive(pin, None);
                    }
                }
            }
        }
    }

    pub fn map(&self) -> &LineMap {
        &self.map
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// A chip that records what it is told and replays queued events.
    #[derive(Default)]
    struct FakeChip {
        calls: Mutex<Vec<String>>,
        levels: Mutex<HashMap<u32, bool>>,
        events: Mutex<Vec<LineEvent>>,
    }

    impl LineChip for FakeChip {
        fn apply(&self, offset: u32, setting: LineSetting) -> Result<(), String> {
            if offset == 99 {
                return Err("Device or resource busy".into());
            }
            self.calls
                .lock()
                .unwrap()
                .push(format!("apply {offset} {setting:?}"));
            Ok(())
        }
        fn set_value(&self, offset: u32, value: bool) -> Result<(), String> {
            self.calls
                .lock()
                .unwrap()
                .push(format!("set {offset} {value}"));
            Ok(())
        }
        fn value(&self, offset: u32) -> Result<bool, String> {
            Ok(*self.levels.lock().unwrap().get(&offset).unwrap_or(&false))
        }
        fn wait_event(&self, _timeout: Duration) -> Result<Option<LineEvent>, String> {
            Ok(self.events.lock().unwrap().pop())
        }
    }

    fn board() -> BoardDef {
        BoardDef::parse(
            "pins = [\"P1..P4\"]\n[aliases]\nBTN = \"P1\"\n\n[[gpio]]\npin = \"BTN\"\nline = 17\n",
            "rig.toml",
        )
        .unwrap()
    }

    #[test]
    fn lines_map_from_the_board_file_and_the_command_line() {
        let map = LineMap::new(&board(), &[("P2".into(), 27)]).unwrap();
        assert_eq!(map.offset("P1"), Some(17), "aliases resolve to pins");
        assert_eq!(map.pin(27), Some("P2"));
        let moved = LineMap::new(&board(), &[("BTN".into(), 5)]).unwrap();
        assert_eq!((moved.offset("P1"), moved.pin(17)), (Some(5), None));
    }

    #[test]
    fn bad_mappings_say_what_is_wrong() {
        let unknown = LineMap::new(&board(), &[("Q9".into(), 3)]).unwrap_err();
        assert!(
            unknown.contains("unknown pin 'Q9'") && unknown.contains("P1"),
            "{unknown}"
        );
        let twice = LineMap::new(&board(), &[("P2".into(), 17)]).unwrap_err();
        assert!(twice.contains("line 17 is mapped to both"), "{twice}");
        let none = LineMap::new(
            &BoardDef::parse("pins = [\"P1\"]\n", "b.toml").unwrap(),
            &[],
        );
        assert!(none.unwrap_err().contains("no pin is mapped"));
        assert_eq!(parse_line_spec("X1=17"), Ok(("X1".into(), 17)));
        assert!(parse_line_spec("X1").unwrap_err().contains("NAME=OFFSET"));
        assert!(
            parse_line_spec("X1=-3")
                .unwrap_err()
                .contains("NAME=OFFSET")
        );
    }

    #[test]
    fn chip_edges_become_pin_drives() {
        let map = LineMap::new(&board(), &[]).unwrap();
        let edge = |offset, rising| LineEvent {
            offset,
            rising,
            timestamp_ns: 1,
        };
        assert_eq!(
            translate(&map, &edge(17, true)),
            Some(("P1".into(), Action::High))
        );
        assert_eq!(
            translate(&map, &edge(17, false)),
            Some(("P1".into(), Action::Low))
        );
        assert_eq!(translate(&map, &edge(4, true)), None, "an unmapped line");
    }

    #[test]
    fn the_mirror_follows_modes_and_outputs() {
        let chip = Arc::new(FakeChip::default());
        chip.levels.lock().unwrap().insert(17, true);
        let map = LineMap::new(&board(), &[("P2".into(), 27)]).unwrap();
        let mut mirror = Mirror::new(chip.clone(), map);
        let mut sim = Sim::new(board());
        let p1 = sim.pin_id("P1").unwrap();
        let p2 = sim.pin_id("P2").unwrap();
        sim.configure(p1, Mode::Input, Pull::Up);
        sim.configure(p2, Mode::Output, Pull::None);
        mirror.sync(&mut sim);
        assert!(sim.level(p1), "the input shows the line's level");
        sim.write(p2, true);
        mirror.sync(&mut sim);
        mirror.sync(&mut sim); // nothing changed: nothing sent
        sim.configure(p2, Mode::OpenDrain, Pull::None);
        mirror.sync(&mut sim);
        let mut calls = chip.calls.lock().unwrap().clone();
        calls.sort();
        assert_eq!(
            calls,
            [
                "apply 17 Input { pull: Up }",
                "apply 27 Output { value: false, open_drain: false }",
                "apply 27 Output { value: true, open_drain: true }",
                "set 27 true",
            ]
        );
        assert!(mirror.errors.is_empty());
    }

    #[test]
    fn chip_errors_are_kept_for_the_report() {
        let chip = Arc::new(FakeChip::default());
        let map = LineMap::new(&board(), &[("P3".into(), 99)]).unwrap();
        let mut mirror = Mirror::new(chip, map);
        let mut sim = Sim::new(board());
        mirror.sync(&mut sim);
        assert_eq!(
            mirror.errors,
            ["--gpio: line 99 (P3): Device or resource busy"]
        );
    }
}
