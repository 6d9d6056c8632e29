//! `--vcd FILE`: every pin's level over the run as a Value Change Dump
//! (IEEE 1364 §18), the waveform format GTKWave, PulseView and Surfer open.
//! Changes are kept in memory and the file is written when the program
//! ends, because a VCD header must declare every signal and the permissive
//! board creates pins on first use.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// One level change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    pub at_us: u64,
    pub pin: usize,
    pub level: bool,
}

/// The recording.
#[derive(Debug, Default)]
pub struct Recorder {
    changes: Vec<Change>,
}

impl Recorder {
    pub fn record(&mut self, change: Change) {
        self.changes.push(change);
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
            let (&level, rest) = rest.split_first()?;
            let (len, rest) = rest.split_first_chunk::<4>()?;
            let len = u32::from_le_bytes(*len) as usize;
            let name = std::str::from_utf8(rest.get(..len)?).ok()?;
            bytes = &rest[len..];
            if let Some(pin) = pin_id(name) {
                recorder.record(Change {
                    at_us: u64::from_le_bytes(*at),
                    pin,
                    level: level != 0,
                });
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
        let _ = writeln!(text, "$end");
        for (at, levels) in by_time {
            let changed: Vec<(usize, bool)> = levels
                .into_iter()
                .filter(|(pin, level)| current[*pin] != *level)
                .collect();
            if changed.is_empty() {
                continue;
            }
            let _ = writeln!(text, "#{at}");
            for (pin, level) in changed {
                current[pin] = level;
                let _ = writeln!(text, "{}{}", level as u8, code(pin));
            }
        }
        text
    }
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
}
