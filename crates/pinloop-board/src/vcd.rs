//! `--vcd FILE`: every pin's level over the run as a Value Change Dump
//! (IEEE 1364 §18), the waveform format GTKWave, PulseView and Surfer open.
//! Changes are kept in memory and the file is written when the program
//! ends, because a VCD header must declare every signal and the permissive
//! board creates pins on first use.
//!
//! A pin driving PWM adds a real-valued signal, `<PIN>_duty`: the duty
//! cycle from 0 to 1 (0 when it stops), since the simulated pin does not
//! toggle at the PWM frequency.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// One level change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    pub at_us: u64,
    pub pin: usize,
    pub level: bool,
}

/// A PWM duty change: `duty` from 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DutyChange {
    pub at_us: u64,
    pub pin: usize,
    pub duty: f64,
}

/// The recording.
#[derive(Debug, Default)]
pub struct Recorder {
    changes: Vec<Change>,
    duties: Vec<DutyChange>,
}

/// [`Recorder::save`]'s tag for a duty change (a level is 0 or 1).
const DUTY_TAG: u8 = 2;

impl Recorder {
    pub fn record(&mut self, change: Change) {
        self.changes.push(change);
    }

    pub fn record_duty(&mut self, change: DutyChange) {
        self.duties.push(change);
    }

    /// The recording as bytes that name the pins (`names` by id), for the
    /// board a reset builds, where ids may differ: per change, the time,
    /// the level and the name.
    pub fn save(&self, names: &[String]) -> Vec<u8> {
        let mut out = Vec::new();
        for change in self.changes.iter().filter(|c| c.pin < names.len()) {
            let name = names[change.pin].as_bytes();
            out.extend_from_slice(&change.at_us.to_le_bytes());
            out.push(u8::from(change.level));
            out.extend_from_slice(&(name.len() as u32).to_le_bytes());
            out.extend_from_slice(name);
        }
        for change in self.duties.iter().filter(|c| c.pin < names.len()) {
            let name = names[change.pin].as_bytes();
            out.extend_from_slice(&change.at_us.to_le_bytes());
            out.push(DUTY_TAG);
            out.extend_from_slice(&change.duty.to_le_bytes());
            out.extend_from_slice(&(name.len() as u32).to_le_bytes());
            out.extend_from_slice(name);
        }
        out
    }

    /// What [`Recorder::save`] made, the names looked up with `pin_id`
    /// (changes of pins it does not know are dropped); None for other bytes.
    pub fn restore(
        mut bytes: &[u8],
        mut pin_id: impl FnMut(&str) -> Option<usize>,
    ) -> Option<Recorder> {
        let mut recorder = Recorder::default();
        while !bytes.is_empty() {
            let (at, rest) = bytes.split_first_chunk::<8>()?;
            let at_us = u64::from_le_bytes(*at);
            let (&level, mut rest) = rest.split_first()?;
            let mut duty = None;
            if level == DUTY_TAG {
                let (value, after) = rest.split_first_chunk::<8>()?;
                duty = Some(f64::from_le_bytes(*value));
                rest = after;
            }
            let (len, rest) = rest.split_first_chunk::<4>()?;
            let len = u32::from_le_bytes(*len) as usize;
            let name = std::str::from_utf8(rest.get(..len)?).ok()?;
            bytes = &rest[len..];
            if let Some(pin) = pin_id(name) {
                match duty {
                    Some(duty) => recorder.record_duty(DutyChange { at_us, pin, duty }),
                    None => recorder.record(Change {
                        at_us,
                        pin,
                        level: level != 0,
                    }),
                }
            }
        }
        Some(recorder)
    }

    /// The VCD text. `pins` are every pin's name and level at the end, by
    /// id; `scope` names the board.
    pub fn render(&self, scope: &str, pins: &[(String, bool)], version: &str) -> String {
        // Each pin's level before its first change (changes are edges, so
        // the level before one is the opposite of the level after it).
        let mut initial: Vec<bool> = pins.iter().map(|(_, level)| *level).collect();
        let mut seen = vec![false; pins.len()];
        for change in &self.changes {
            if change.pin < pins.len() && !seen[change.pin] {
                seen[change.pin] = true;
                initial[change.pin] = !change.level;
            }
        }
        // The last level of each pin at each time, in time order.
        let mut by_time: BTreeMap<u64, BTreeMap<usize, bool>> = BTreeMap::new();
        for change in self.changes.iter().filter(|c| c.pin < pins.len()) {
            by_time
                .entry(change.at_us)
                .or_default()
                .insert(change.pin, change.level);
        }
        let mut text = String::new();
        let _ = writeln!(text, "$version {version} $end");
        let _ = writeln!(text, "$timescale 1us $end");
        let _ = writeln!(text, "$scope module {} $end", identifier_safe(scope));
        for (id, (name, _)) in pins.iter().enumerate() {
            let _ = writeln!(
                text,
                "$var wire 1 {} {} $end",
                code(id),
                identifier_safe(name)
            );
        }
        // The PWM pins' duty signals, coded after the pins.
        let mut duty_pins: Vec<usize> = self
            .duties
            .iter()
            .map(|d| d.pin)
            .filter(|pin| *pin < pins.len())
            .collect();
        duty_pins.sort_unstable();
        duty_pins.dedup();
        let duty_code = |pin: usize| {
            let index = duty_pins.binary_search(&pin).expect("a duty pin");
            code(pins.len() + index)
        };
        for pin in &duty_pins {
            let _ = writeln!(
                text,
                "$var real 64 {} {}_duty $end",
                duty_code(*pin),
                identifier_safe(&pins[*pin].0)
            );
        }
        let _ = writeln!(text, "$upscope $end");
        let _ = writeln!(text, "$enddefinitions $end");
        let mut current = initial;
        if let Some(at_zero) = by_time.remove(&0) {
            for (pin, level) in at_zero {
                current[pin] = level;
            }
        }
        let _ = writeln!(text, "#0");
        let _ = writeln!(text, "$dumpvars");
        for (id, level) in current.iter().enumerate() {
            let _ = writeln!(text, "{}{}", *level as u8, code(id));
        }
        // Each duty signal at its last value at each time.
        let mut duty_by_time: BTreeMap<u64, BTreeMap<usize, f64>> = BTreeMap::new();
        for change in self.duties.iter().filter(|c| c.pin < pins.len()) {
            duty_by_time
                .entry(change.at_us)
                .or_default()
                .insert(change.pin, change.duty);
        }
        let mut duty_now: BTreeMap<usize, f64> = duty_pins.iter().map(|p| (*p, 0.0)).collect();
        if let Some(at_zero) = duty_by_time.remove(&0) {
            duty_now.extend(at_zero);
        }
        for (pin, duty) in &duty_now {
            let _ = writeln!(text, "r{} {}", real(*duty), duty_code(*pin));
        }
        let _ = writeln!(text, "$end");
        let times: std::collections::BTreeSet<u64> =
            by_time.keys().chain(duty_by_time.keys()).copied().collect();
        for at in times {
            let mut lines = Vec::new();
            for (pin, level) in by_time.remove(&at).unwrap_or_default() {
                if current[pin] != level {
                    current[pin] = level;
                    lines.push(format!("{}{}", level as u8, code(pin)));
                }
            }
            for (pin, duty) in duty_by_time.remove(&at).unwrap_or_default() {
                if duty_now.insert(pin, duty) != Some(duty) {
                    lines.push(format!("r{} {}", real(duty), duty_code(pin)));
                }
            }
            if lines.is_empty() {
                continue;
            }
            let _ = writeln!(text, "#{at}");
            for line in lines {
                let _ = writeln!(text, "{line}");
            }
        }
        text
    }
}

/// A real value as VCD writes it: the shortest text that reads back the
/// same (`0.5`, `1`, `0.25`).
fn real(value: f64) -> String {
    format!("{value}")
}

/// A signal's identifier code: base-94 over the printable ASCII characters.
fn code(mut id: usize) -> String {
    let mut out = String::new();
    loop {
        out.push((b'!' + (id % 94) as u8) as char);
        id /= 94;
        if id == 0 {
            return out;
        }
        id -= 1;
    }
}

/// A name without the whitespace VCD uses as its separator.
fn identifier_safe(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if c.is_ascii_graphic() { c } else { '_' })
        .collect();
    if cleaned.is_empty() {
        "board".to_owned()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_printable_and_short() {
        let codes: Vec<String> = (0..10_000).map(code).collect();
        let unique: std::collections::HashSet<&String> = codes.iter().collect();
        assert_eq!(unique.len(), codes.len());
        assert_eq!(code(0), "!");
        assert_eq!(code(93), "~");
        assert_eq!(code(94).len(), 2);
        assert!(
            codes
                .iter()
                .flat_map(|c| c.chars())
                .all(|c| c.is_ascii_graphic())
        );
    }

    #[test]
    fn changes_render_after_the_initial_levels() {
        let mut recorder = Recorder::default();
        let pins = vec![("X1".to_owned(), true), ("LED 1".to_owned(), false)];
        recorder.record(Change {
            at_us: 0,
            pin: 1,
            level: true,
        });
        recorder.record(Change {
            at_us: 500,
            pin: 0,
            level: true,
        });
        recorder.record(Change {
            at_us: 500,
            pin: 1,
            level: false,
        });
        // A glitch within one instant leaves no change behind.
        recorder.record(Change {
            at_us: 700,
            pin: 0,
            level: false,
        });
        recorder.record(Change {
            at_us: 700,
            pin: 0,
            level: true,
        });
        let text = recorder.render("pyboard", &pins, "pinloop test");
        let expected = "$version pinloop test $end\n$timescale 1us $end\n\
            $scope module pyboard $end\n$var wire 1 ! X1 $end\n$var wire 1 \" LED_1 $end\n\
            $upscope $end\n$enddefinitions $end\n#0\n$dumpvars\n0!\n1\"\n$end\n\
            #500\n1!\n0\"\n";
        assert_eq!(text, expected);
    }

    #[test]
    fn duty_signals_are_real_variables_after_the_pins() {
        let mut recorder = Recorder::default();
        let pins = vec![("X1".to_owned(), false), ("X2".to_owned(), false)];
        recorder.record_duty(DutyChange {
            at_us: 100,
            pin: 1,
            duty: 0.5,
        });
        recorder.record(Change {
            at_us: 100,
            pin: 0,
            level: true,
        });
        recorder.record_duty(DutyChange {
            at_us: 300,
            pin: 1,
            duty: 0.25,
        });
        recorder.record_duty(DutyChange {
            at_us: 400,
            pin: 1,
            duty: 0.0,
        });
        let text = recorder.render("b", &pins, "v");
        let expected = "$version v $end\n$timescale 1us $end\n$scope module b $end\n\
            $var wire 1 ! X1 $end\n$var wire 1 \" X2 $end\n$var real 64 # X2_duty $end\n\
            $upscope $end\n$enddefinitions $end\n#0\n$dumpvars\n0!\n0\"\nr0 #\n$end\n\
            #100\n1!\nr0.5 #\n#300\nr0.25 #\n#400\nr0 #\n";
        assert_eq!(text, expected);
        // Saved and restored across a reset, by name.
        let saved = recorder.save(&["X1".into(), "X2".into()]);
        let restored = Recorder::restore(&saved, |n| Some(if n == "X1" { 0 } else { 1 })).unwrap();
        assert_eq!(restored.render("b", &pins, "v"), expected);
    }
}
