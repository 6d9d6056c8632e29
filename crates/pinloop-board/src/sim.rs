//! The simulated board: pins joined by wires into nets, each net's level
//! resolved from what drives it, and the edges a change makes.
//!
//! A net's level comes from, in order: a pin driven from outside (a
//! stimulus, the control socket); push-pull outputs (low wins if they
//! disagree, as the weaker high side would lose a short); open-drain
//! outputs pulling low; pull resistors (up wins over down); otherwise the
//! net floats and keeps its last level.

use std::collections::HashMap;

use crate::def::{BoardDef, Pull};

/// How a pin is configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    Input,
    Output,
    /// Drives low for 0; lets go (high impedance) for 1.
    OpenDrain,
}

/// A pin's level changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edge {
    pub pin: usize,
    pub rising: bool,
}

#[derive(Debug, Clone)]
struct PinState {
    name: String,
    mode: Mode,
    /// The pull the script configured.
    pull: Pull,
    /// A resistor on the board (a switch's), whatever the script configures.
    board_pull: Pull,
    /// The output latch (what an output drives).
    latch: bool,
    /// Driven from outside the script, if at all.
    external: Option<bool>,
    level: bool,
    net: usize,
    /// What a DAC on this pin drives (0-65535), if one does.
    analog_out: Option<u16>,
    /// The alternate function (a peripheral's, or analog) the script gave
    /// the pin, by the number it used; the GPIO then does not drive it.
    function: Option<i64>,
}

/// An unknown pin name, with the names that are valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownPin {
    pub name: String,
    pub choices: String,
}

impl std::fmt::Display for UnknownPin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown pin '{}'; {}", self.name, self.choices)
    }
}

#[derive(Debug, Clone)]
pub struct Sim {
    def: BoardDef,
    pins: Vec<PinState>,
    by_name: HashMap<String, usize>,
    /// Net id -> its pins.
    nets: Vec<Vec<usize>>,
}

impl Sim {
    pub fn new(def: BoardDef) -> Sim {
        let mut sim = Sim {
            pins: Vec::new(),
            by_name: HashMap::new(),
            nets: Vec::new(),
            def,
        };
        for name in sim.def.pins.clone() {
            sim.create(&name);
        }
        for switch in sim.def.switches.clone() {
            if let Some(&id) = sim.by_name.get(&switch.pin) {
                sim.pins[id].board_pull = switch.pull;
                sim.pins[id].level = switch.pull == Pull::Up;
            }
        }
        for wire in sim.def.wires.clone() {
            let names: Vec<String> = wire.iter().filter_map(|n| sim.def.resolve(n)).collect();
            let ids: Vec<usize> = names.iter().map(|name| sim.create(name)).collect();
            for pair in ids.windows(2) {
                sim.join(pair[0], pair[1]);
            }
        }
        sim
    }

    pub fn def(&self) -> &BoardDef {
        &self.def
    }

    fn create(&mut self, name: &str) -> usize {
        if let Some(&id) = self.by_name.get(name) {
            return id;
        }
        let id = self.pins.len();
        self.nets.push(vec![id]);
        self.pins.push(PinState {
            name: name.to_owned(),
            mode: Mode::Input,
            pull: Pull::None,
            board_pull: Pull::None,
            latch: false,
            external: None,
            level: false,
            net: id,
            analog_out: None,
            function: None,
        });
        self.by_name.insert(name.to_owned(), id);
        id
    }

    /// Merges the nets of `a` and `b`.
    fn join(&mut self, a: usize, b: usize) {
        let (keep, gone) = (self.pins[a].net, self.pins[b].net);
        if keep == gone {
            return;
        }
        let moved = std::mem::take(&mut self.nets[gone]);
        for &pin in &moved {
            self.pins[pin].net = keep;
        }
        self.nets[keep].extend(moved);
    }

    /// The pin a name (or alias) stands for, created on first use on a
    /// permissive board.
    pub fn pin_id(&mut self, name: &str) -> Result<usize, UnknownPin> {
        if let Some(&id) = self.by_name.get(name) {
            return Ok(id);
        }
        match self.def.resolve(name) {
            Some(pin) => Ok(self.create(&pin)),
            None => Err(UnknownPin {
                name: name.to_owned(),
                choices: self.def.valid_choices(),
            }),
        }
    }

    /// The pin `name` stands for, asked from outside the program (the
    /// control socket, `pinloop pin`): a pin or alias of the board, or a
    /// pin the program has made. Unlike [`Sim::pin_id`], a permissive
    /// board does not make up a pin nobody has used: that is a typo, and
    /// the error lists the pins that exist.
    pub fn outside_pin_id(&mut self, name: &str) -> Result<usize, UnknownPin> {
        if let Some(&id) = self.by_name.get(name) {
            return Ok(id);
        }
        let declared = if self.def.pins.iter().any(|p| p == name) {
            Some(name.to_owned())
        } else {
            self.def.aliases.get(name).cloned()
        };
        if let Some(pin) = declared {
            return Ok(self.create(&pin));
        }
        let mut names: Vec<&str> = self
            .def
            .pins
            .iter()
            .map(String::as_str)
            .chain(self.by_name.keys().map(String::as_str))
            .collect();
        // As a person reads them: X2 before X10.
        names.sort_unstable_by_key(|name| {
            let digits = name.len() - name.trim_end_matches(|c: char| c.is_ascii_digit()).len();
            let (stem, number) = name.split_at(name.len() - digits);
            (
                stem.to_owned(),
                number.parse::<u64>().unwrap_or(0),
                name.to_owned(),
            )
        });
        names.dedup();
        Err(UnknownPin {
            name: name.to_owned(),
            choices: format!(
                "no such pin on board '{}', and the program has not used one of that name; \
                 pins that exist now: {}",
                self.def.name,
                names.join(", ")
            ),
        })
    }

    /// How many pins exist now (ids are 0..count).
    pub fn pin_count(&self) -> usize {
        self.pins.len()
    }

    pub fn name(&self, pin: usize) -> &str {
        &self.pins[pin].name
    }

    /// Whether two pins are joined by wires (a pin is on its own net).
    pub fn same_net(&self, a: usize, b: usize) -> bool {
        self.pins[a].net == self.pins[b].net
    }

    pub fn level(&self, pin: usize) -> bool {
        self.pins[pin].level
    }

    /// A DAC on `pin` drives its net to `value` (0-65535; None: stops).
    pub fn drive_analog(&mut self, pin: usize, value: Option<u16>) {
        self.pins[pin].analog_out = value;
    }

    /// What an ADC reads on the pin (0-65535): a DAC driving its net, else
    /// the board file's analog source there, else the pin's digital level
    /// at full scale.
    pub fn analog(&self, pin: usize) -> u16 {
        let net = self.pins[pin].net;
        if let Some(value) = self.nets[net].iter().find_map(|&p| self.pins[p].analog_out) {
            return value;
        }
        let name = &self.pins[pin].name;
        let source = self
            .def
            .adcs
            .iter()
            .find(|a| self.def.resolve(&a.pin).as_deref() == Some(name.as_str()));
        match source {
            Some(adc) => adc.value,
            None if self.pins[pin].level => u16::MAX,
            None => 0,
        }
    }

    pub fn mode(&self, pin: usize) -> Mode {
        self.pins[pin].mode
    }

    pub fn pull(&self, pin: usize) -> Pull {
        self.pins[pin].pull
    }

    /// What an output is set to (its latch), whatever the net shows.
    pub fn latch(&self, pin: usize) -> bool {
        self.pins[pin].latch
    }

    /// Sets mode and pull; returns the edges that makes.
    pub fn configure(&mut self, pin: usize, mode: Mode, pull: Pull) -> Vec<Edge> {
        self.pins[pin].mode = mode;
        self.pins[pin].pull = pull;
        self.pins[pin].function = None;
        self.resolve_net(self.pins[pin].net)
    }

    /// Hands the pin to an alternate function (`function`, the script's
    /// number for it): the GPIO lets go of it, as an input would.
    pub fn configure_function(&mut self, pin: usize, function: i64, pull: Pull) -> Vec<Edge> {
        let edges = self.configure(pin, Mode::Input, pull);
        self.pins[pin].function = Some(function);
        edges
    }

    /// The alternate function the pin was given, if any.
    pub fn function(&self, pin: usize) -> Option<i64> {
        self.pins[pin].function
    }

    /// Sets an output's latch; returns the edges that makes.
    pub fn write(&mut self, pin: usize, value: bool) -> Vec<Edge> {
        self.pins[pin].latch = value;
        self.resolve_net(self.pins[pin].net)
    }

    /// Drives a pin from outside (None: lets go of it).
    pub fn drive(&mut self, pin: usize, value: Option<bool>) -> Vec<Edge> {
        self.pins[pin].external = value;
        self.resolve_net(self.pins[pin].net)
    }

    pub fn external(&self, pin: usize) -> Option<bool> {
        self.pins[pin].external
    }

    /// The level a switch's pin shows when pressed: the opposite of its
    /// pull, the board's or else the configured one (low for a pull-up).
    pub fn active_level(&self, pin: usize) -> bool {
        let state = &self.pins[pin];
        match state.board_pull {
            Pull::None => state.pull == Pull::Down,
            board => board == Pull::Down,
        }
    }

    fn resolve_net(&mut self, net: usize) -> Vec<Edge> {
        let members = &self.nets[net];
        let mut external = None;
        let mut push_pull = None;
        let mut open_drain_low = false;
        let mut pull = None;
        for &id in members {
            let pin = &self.pins[id];
            if let Some(value) = pin.external {
                external = Some(external.map_or(value, |e: bool| e && value));
            }
            match pin.mode {
                Mode::Output => {
                    push_pull = Some(push_pull.map_or(pin.latch, |p: bool| p && pin.latch))
                }
                Mode::OpenDrain if !pin.latch => open_drain_low = true,
                _ => {}
            }
            for resistor in [pin.pull, pin.board_pull] {
                match resistor {
                    Pull::Up => pull = Some(true),
                    Pull::Down if pull.is_none() => pull = Some(false),
                    _ => {}
                }
            }
        }
        let floating = self.pins[members[0]].level;
        let level = external
            .or(push_pull.map(|p| p && !open_drain_low))
            .or(open_drain_low.then_some(false))
            .or(pull)
            .unwrap_or(floating);
        let mut edges = Vec::new();
        for &id in &self.nets[net] {
            let pin = &mut self.pins[id];
            if pin.level != level {
                pin.level = level;
                edges.push(Edge {
                    pin: id,
                    rising: level,
                });
            }
        }
        edges
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn board(wires: &[&str]) -> Sim {
        let mut def = BoardDef::shipped("pyboard").unwrap();
        for wire in wires {
            def.add_wire(wire).unwrap();
        }
        Sim::new(def)
    }

    #[test]
    fn a_dac_drives_the_analog_level_of_its_net() {
        let mut sim = board(&["X5=X19"]);
        let (x5, x19, x20) = (
            sim.pin_id("X5").unwrap(),
            sim.pin_id("X19").unwrap(),
            sim.pin_id("X20").unwrap(),
        );
        assert_eq!(sim.analog(x19), 0);
        sim.drive_analog(x5, Some(32768));
        assert_eq!((sim.analog(x19), sim.analog(x5)), (32768, 32768));
        assert_eq!(sim.analog(x20), 0, "another net");
        sim.drive_analog(x5, None);
        assert_eq!(sim.analog(x19), 0);
    }

    #[test]
    fn an_output_drives_its_net() {
        let mut sim = board(&["X1=X2"]);
        let (x1, x2, x3) = (
            sim.pin_id("X1").unwrap(),
            sim.pin_id("X2").unwrap(),
            sim.pin_id("X3").unwrap(),
        );
        assert!(sim.configure(x2, Mode::Output, Pull::None).is_empty());
        let edges = sim.write(x2, true);
        assert_eq!(edges.len(), 2);
        assert!(edges.iter().all(|e| e.rising));
        assert!(sim.level(x1) && !sim.level(x3));
        let edges = sim.write(x2, false);
        assert!(edges.contains(&Edge {
            pin: x1,
            rising: false
        }));
        assert!(sim.write(x2, false).is_empty(), "no change, no edge");
    }

    #[test]
    fn pulls_switches_and_outside_drive() {
        let mut sim = board(&[]);
        let sw = sim.pin_id("SW").unwrap();
        assert!(sim.level(sw), "USR has a pull-up");
        assert!(!sim.active_level(sw));
        assert_eq!(
            sim.drive(sw, Some(false)),
            [Edge {
                pin: sw,
                rising: false
            }]
        );
        assert_eq!(
            sim.drive(sw, None),
            [Edge {
                pin: sw,
                rising: true
            }]
        );
        let x5 = sim.pin_id("X5").unwrap();
        assert_eq!(
            sim.configure(x5, Mode::Input, Pull::Up),
            [Edge {
                pin: x5,
                rising: true
            }]
        );
        assert_eq!(
            sim.configure(x5, Mode::Input, Pull::None),
            [],
            "floating keeps its level"
        );
    }

    #[test]
    fn open_drain_and_conflicts() {
        let mut sim = board(&["X1=X2=X3"]);
        let (x1, x2, x3) = (
            sim.pin_id("X1").unwrap(),
            sim.pin_id("X2").unwrap(),
            sim.pin_id("X3").unwrap(),
        );
        sim.configure(x3, Mode::Input, Pull::Up);
        assert!(sim.level(x1));
        sim.configure(x1, Mode::OpenDrain, Pull::None);
        sim.write(x1, false);
        assert!(!sim.level(x3), "open drain pulls the net low");
        sim.write(x1, true);
        assert!(sim.level(x3), "released: the pull-up wins");
        sim.configure(x2, Mode::Output, Pull::None);
        sim.write(x2, true);
        sim.write(x1, false);
        assert!(!sim.level(x3), "low wins a conflict");
        sim.drive(x3, Some(true));
        assert!(sim.level(x2), "outside drive wins");
    }

    #[test]
    fn unknown_pins() {
        let mut sim = board(&[]);
        let err = sim.pin_id("Z9").unwrap_err();
        assert!(err.to_string().contains("X1, X2"), "{err}");
        let mut permissive = Sim::new(BoardDef::default_board());
        let a = permissive.pin_id("ANY").unwrap();
        assert_eq!(permissive.pin_id("ANY").unwrap(), a);
    }

    #[test]
    fn wires_on_a_permissive_board_create_their_pins() {
        let mut def = BoardDef::default_board();
        def.add_wire("IN=OUT").unwrap();
        let mut sim = Sim::new(def);
        let (inp, out) = (sim.pin_id("IN").unwrap(), sim.pin_id("OUT").unwrap());
        sim.configure(out, Mode::Output, Pull::None);
        sim.write(out, true);
        assert!(sim.level(inp));
    }
}
