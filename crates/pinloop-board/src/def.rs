//! Board files: what a board has (pins, LEDs, switches, UARTs, wires) and
//! what happens to it (scheduled stimuli). The format is TOML, documented
//! in `docs/boards.md`; the shipped boards are in this crate's `boards/`.
//! Every error names the file and line and, for a name, the valid choices.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::buses::{self, Attachment, Device, I2cBus, RawI2cSection, RawSpiSection, SpiBus};

/// The boards compiled into the binary, by name.
const SHIPPED: &[(&str, &str)] = &[
    ("default", include_str!("../boards/default.toml")),
    ("pyboard", include_str!("../boards/pyboard.toml")),
    ("generic", include_str!("../boards/generic.toml")),
    (
        "circuitpython",
        include_str!("../boards/circuitpython.toml"),
    ),
    ("rp2", include_str!("../boards/rp2.toml")),
    ("esp32", include_str!("../boards/esp32.toml")),
];

/// The names `--board` accepts besides a path.
pub fn shipped_names() -> Vec<&'static str> {
    SHIPPED.iter().map(|(name, _)| *name).collect()
}

/// A board file error: where, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardError {
    pub file: String,
    /// 1-based; 0 when the error is not about one line.
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for BoardError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line > 0 {
            write!(f, "{}, line {}: {}", self.file, self.line, self.message)
        } else {
            write!(f, "{}: {}", self.file, self.message)
        }
    }
}

impl std::error::Error for BoardError {}

/// The resistor a pin or switch has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pull {
    #[default]
    None,
    Up,
    Down,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Led {
    pub id: u32,
    pub pin: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Switch {
    pub name: String,
    pub pin: String,
    /// Pressing drives the pin to the opposite level.
    pub pull: Pull,
}

/// A pin mapped to a line of a Linux GPIO chip (used with `--gpio`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GpioLine {
    pub pin: String,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uart {
    pub id: u32,
    pub tx: String,
    pub rx: String,
}

/// An analog source on a pin: what `ADC.read_u16()` reads there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adc {
    pub pin: String,
    /// 0-65535.
    pub value: u16,
}

/// What a stimulus does to its pin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Drive to the active level (the opposite of the pull) for a while.
    Press,
    /// Stop driving: the pin follows its net again.
    Release,
    High,
    Low,
    Toggle,
}

impl Action {
    pub const NAMES: &'static [&'static str] = &["press", "release", "high", "low", "toggle"];

    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "press" => Action::Press,
            "release" => Action::Release,
            "high" => Action::High,
            "low" => Action::Low,
            "toggle" => Action::Toggle,
            _ => return None,
        })
    }
}

/// "At 1.5 s press USR for 100 ms", optionally repeated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stimulus {
    pub at_us: u64,
    /// A pin name, or a switch name (which stands for its pin).
    pub pin: String,
    pub action: Action,
    /// How long a press lasts.
    pub press_us: u64,
    /// Repeat every this long, `count` times in all (None: forever).
    pub every_us: Option<u64>,
    pub count: Option<u32>,
    /// The line of the file it came from, for errors found later.
    pub line: usize,
}

/// How long a press lasts when the file does not say.
pub const DEFAULT_PRESS_US: u64 = 100_000;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct BoardDef {
    pub name: String,
    /// Where it came from (a shipped name or a path), for messages.
    pub source: String,
    /// Unknown pin names are created on first use instead of refused.
    pub permissive: bool,
    /// `sys.platform` on this board (None: the host's, as MicroPython's
    /// unix port says `linux`).
    pub platform: Option<String>,
    /// `sys.implementation._machine` and `os.uname().machine` (None:
    /// pinloop's own build string).
    pub machine: Option<String>,
    /// Pin names in board order (header pins, then LED and switch pins).
    pub pins: Vec<String>,
    /// Other names for pins: alias -> pin.
    pub aliases: BTreeMap<String, String>,
    pub leds: Vec<Led>,
    pub switches: Vec<Switch>,
    pub uarts: Vec<Uart>,
    /// Hardware I2C and SPI buses, by id.
    pub i2c_buses: Vec<I2cBus>,
    pub spi_buses: Vec<SpiBus>,
    /// Simulated devices on the buses (board files, then the command line).
    pub devices: Vec<Device>,
    pub adcs: Vec<Adc>,
    /// Pins on real GPIO lines, when run with `--gpio`.
    pub gpio_lines: Vec<GpioLine>,
    /// Each wire joins its pins into one net.
    pub wires: Vec<Vec<String>>,
    pub stimuli: Vec<Stimulus>,
    /// The WiFi radio (None: the board has none, no `network` module).
    pub wifi: Option<crate::wifi::Wifi>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBoard {
    name: Option<String>,
    extends: Option<Spanned<String>>,
    permissive: Option<bool>,
    platform: Option<String>,
    machine: Option<String>,
    #[serde(default)]
    pins: Vec<Spanned<String>>,
    #[serde(default)]
    aliases: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    led: Vec<Spanned<RawLed>>,
    #[serde(default)]
    switch: Vec<Spanned<RawSwitch>>,
    #[serde(default)]
    uart: Vec<Spanned<RawUart>>,
    i2c: Option<toml::Value>,
    spi: Option<toml::Value>,
    #[serde(default)]
    adc: Vec<Spanned<RawAdc>>,
    #[serde(default)]
    gpio: Vec<Spanned<RawGpio>>,
    #[serde(default)]
    wire: Vec<Spanned<RawWire>>,
    #[serde(default)]
    stimulus: Vec<Spanned<RawStimulus>>,
    wifi: Option<Spanned<crate::wifi::RawWifi>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLed {
    id: u32,
    pin: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSwitch {
    name: String,
    pin: Option<String>,
    pull: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUart {
    id: u32,
    tx: String,
    rx: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAdc {
    pin: String,
    value: u16,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGpio {
    pin: String,
    line: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWire {
    pins: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStimulus {
    at: f64,
    pin: String,
    action: String,
    duration: Option<f64>,
    every: Option<f64>,
    count: Option<u32>,
}

/// 1-based line of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

fn seconds_to_us(seconds: f64) -> Option<u64> {
    (seconds.is_finite() && seconds >= 0.0).then(|| (seconds * 1e6).round() as u64)
}

/// Expands `X1..X24` into X1, X2, ... X24; other names stand alone.
fn expand_range(spec: &str) -> Result<Vec<String>, String> {
    let Some((first, last)) = spec.split_once("..") else {
        return Ok(vec![spec.to_owned()]);
    };
    let split = |s: &str| {
        let digits = s.len() - s.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let (prefix, number) = s.split_at(s.len() - digits);
        number.parse::<u32>().ok().map(|n| (prefix.to_owned(), n))
    };
    match (split(first), split(last)) {
        (Some((_, a)), Some((_, b))) if a <= b && (b - a) as usize >= MAX_PINS => Err(format!(
            "pin range '{spec}' names {} pins: a board names at most {MAX_PINS}",
            u64::from(b - a) + 1
        )),
        (Some((p1, a)), Some((p2, b))) if p1 == p2 && a <= b => {
            Ok((a..=b).map(|n| format!("{p1}{n}")).collect())
        }
        _ => Err(format!(
            "pin range '{spec}' must be PREFIXa..PREFIXb with the same prefix and a <= b (like \"X1..X24\")"
        )),
    }
}

/// The largest board file read (a board is a few kilobytes; this bounds
/// what `--board /dev/zero` can take).
pub const MAX_BOARD_FILE_BYTES: u64 = 1 << 20;

/// The most pins a board may name (a range like `P1..P100000000` would
/// otherwise take gigabytes).
pub const MAX_PINS: usize = 10_000;

/// Reads at most [`MAX_BOARD_FILE_BYTES`] of a board file.
fn read_board_file(path: &str) -> Result<String, BoardError> {
    use std::io::Read as _;
    let error = |message: String| BoardError {
        file: path.to_owned(),
        line: 0,
        message,
    };
    let file =
        std::fs::File::open(path).map_err(|e| error(format!("cannot read the board file: {e}")))?;
    let mut bytes = Vec::new();
    file.take(MAX_BOARD_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| error(format!("cannot read the board file: {e}")))?;
    if bytes.len() as u64 > MAX_BOARD_FILE_BYTES {
        return Err(error(format!(
            "the board file is larger than {} KiB: a board file is a short TOML text",
            MAX_BOARD_FILE_BYTES >> 10
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        error(format!(
            "the board file is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

impl BoardDef {
    /// `--board NAME|PATH`: a PATH contains `/` or ends in `.toml`.
    pub fn load(name_or_path: &str) -> Result<BoardDef, BoardError> {
        Self::load_extending(name_or_path, &mut Vec::new())
    }

    /// [`BoardDef::load`], with the files the loading board extends on the
    /// way (`chain`), so a cycle of `extends` is an error, not a stack
    /// overflow.
    fn load_extending(name_or_path: &str, chain: &mut Vec<String>) -> Result<BoardDef, BoardError> {
        if name_or_path.contains('/') || name_or_path.ends_with(".toml") {
            let text = read_board_file(name_or_path)?;
            return Self::parse_extending(&text, name_or_path, chain);
        }
        Self::shipped(name_or_path).ok_or_else(|| BoardError {
            file: name_or_path.to_owned(),
            line: 0,
            message: format!(
                "no such board; the shipped boards are {} (or give a path to a .toml file)",
                shipped_names().join(", ")
            ),
        })
    }

    /// A board compiled into the binary.
    pub fn shipped(name: &str) -> Option<BoardDef> {
        let (_, text) = SHIPPED.iter().find(|(n, _)| *n == name)?;
        Some(Self::parse(text, name).expect("a shipped board parses"))
    }

    /// What runs without `--board`.
    pub fn default_board() -> BoardDef {
        Self::shipped("default").expect("the default board is shipped")
    }

    /// Parses a board file; `file` names it in errors.
    pub fn parse(text: &str, file: &str) -> Result<BoardDef, BoardError> {
        Self::parse_extending(text, file, &mut Vec::new())
    }

    fn parse_extending(
        text: &str,
        file: &str,
        chain: &mut Vec<String>,
    ) -> Result<BoardDef, BoardError> {
        let error = |offset: usize, message: String| BoardError {
            file: file.to_owned(),
            line: line_of(text, offset),
            message,
        };
        let raw: RawBoard = toml::from_str(text).map_err(|e| BoardError {
            file: file.to_owned(),
            line: e.span().map_or(0, |s| line_of(text, s.start)),
            message: e.message().trim().replace('\n', "; "),
        })?;
        let mut board = match &raw.extends {
            Some(base) => {
                let name = base.get_ref();
                if name == file {
                    return Err(error(
                        base.span().start,
                        "a board cannot extend itself".into(),
                    ));
                }
                let identity = |f: &str| {
                    std::fs::canonicalize(f)
                        .map_or_else(|_| f.to_owned(), |p| p.display().to_string())
                };
                chain.push(identity(file));
                if chain.contains(&identity(name)) {
                    let mut cycle: Vec<&str> = chain.iter().map(String::as_str).collect();
                    let name_identity = identity(name);
                    cycle.push(&name_identity);
                    return Err(error(
                        base.span().start,
                        format!("extends makes a cycle: {}", cycle.join(" -> ")),
                    ));
                }
                let mut base_board = Self::load_extending(name, chain)
                    .map_err(|e| error(base.span().start, format!("extends: {e}")))?;
                chain.pop();
                base_board.stimuli.clear(); // what happens is the new file's
                base_board
            }
            None => BoardDef::default(),
        };
        board.source = file.to_owned();
        if let Some(name) = &raw.name {
            board.name = name.clone();
        } else if raw.extends.is_none() {
            board.name = file.to_owned();
        }
        if let Some(permissive) = raw.permissive {
            board.permissive = permissive;
        }
        // "" in a board that extends another: the host's again.
        if let Some(platform) = &raw.platform {
            board.platform = Some(platform.clone()).filter(|p| !p.is_empty());
        }
        if let Some(machine) = &raw.machine {
            board.machine = Some(machine.clone()).filter(|m| !m.is_empty());
        }
        let mut listed = std::collections::HashSet::new();
        let mut known: std::collections::HashSet<String> = board.pins.iter().cloned().collect();
        for spec in &raw.pins {
            let names = expand_range(spec.get_ref()).map_err(|m| error(spec.span().start, m))?;
            for name in names {
                if !listed.insert(name.clone()) {
                    return Err(error(
                        spec.span().start,
                        format!("pin '{name}' is listed twice"),
                    ));
                }
                if known.insert(name.clone()) {
                    board.pins.push(name);
                }
                if board.pins.len() > MAX_PINS {
                    return Err(error(
                        spec.span().start,
                        format!("more than {MAX_PINS} pins: a board names at most {MAX_PINS}"),
                    ));
                }
            }
        }
        for led in &raw.led {
            let led = led.get_ref();
            let pin = led.pin.clone().unwrap_or_else(|| format!("LED{}", led.id));
            board.add_internal_pin(&pin);
            board.leds.retain(|l| l.id != led.id);
            board.leds.push(Led { id: led.id, pin });
        }
        for switch in &raw.switch {
            let span = switch.span().start;
            let switch = switch.get_ref();
            let pull = match switch.pull.as_deref() {
                None | Some("up") => Pull::Up,
                Some("down") => Pull::Down,
                Some(other) => {
                    return Err(error(
                        span,
                        format!("switch pull '{other}' is not one of: up, down"),
                    ));
                }
            };
            let pin = switch.pin.clone().unwrap_or_else(|| switch.name.clone());
            board.add_internal_pin(&pin);
            board.switches.retain(|s| s.name != switch.name);
            board.switches.push(Switch {
                name: switch.name.clone(),
                pin,
                pull,
            });
        }
        for (alias, pin) in &raw.aliases {
            board.aliases.insert(alias.clone(), pin.get_ref().clone());
        }
        for uart in &raw.uart {
            let uart = uart.get_ref();
            board.uarts.retain(|u| u.id != uart.id);
            board.uarts.push(Uart {
                id: uart.id,
                tx: uart.tx.clone(),
                rx: uart.rx.clone(),
            });
        }
        board.add_buses(&raw, text, file)?;
        if let Some(wifi) = &raw.wifi {
            board.wifi = wifi
                .get_ref()
                .apply(board.wifi.take())
                .map_err(|message| error(wifi.span().start, format!("[wifi]: {message}")))?;
        }
        for adc in &raw.adc {
            let adc = adc.get_ref();
            board.adcs.retain(|a| a.pin != adc.pin);
            board.adcs.push(Adc {
                pin: adc.pin.clone(),
                value: adc.value,
            });
        }
        for gpio in &raw.gpio {
            let mapping = gpio.get_ref();
            if let Some(other) = board
                .gpio_lines
                .iter()
                .find(|g| g.line == mapping.line && g.pin != mapping.pin)
            {
                return Err(error(
                    gpio.span().start,
                    format!(
                        "GPIO line {} is already mapped to pin '{}'",
                        mapping.line, other.pin
                    ),
                ));
            }
            board.gpio_lines.retain(|g| g.pin != mapping.pin);
            board.gpio_lines.push(GpioLine {
                pin: mapping.pin.clone(),
                line: mapping.line,
            });
        }
        for wire in &raw.wire {
            if wire.get_ref().pins.len() < 2 {
                return Err(error(
                    wire.span().start,
                    "a wire joins at least two pins: pins = [\"X1\", \"X2\"]".into(),
                ));
            }
            board.wires.push(wire.get_ref().pins.clone());
        }
        for stimulus in &raw.stimulus {
            let line = line_of(text, stimulus.span().start);
            let at = stimulus.span().start;
            let s = stimulus.get_ref();
            let action = Action::parse(&s.action).ok_or_else(|| {
                error(
                    at,
                    format!(
                        "stimulus action '{}' is not one of: {}",
                        s.action,
                        Action::NAMES.join(", ")
                    ),
                )
            })?;
            let time = |value: f64, what: &str| {
                seconds_to_us(value).ok_or_else(|| {
                    error(
                        at,
                        format!("stimulus {what} must be seconds >= 0, not {value}"),
                    )
                })
            };
            board.stimuli.push(Stimulus {
                at_us: time(s.at, "at")?,
                pin: s.pin.clone(),
                action,
                press_us: s
                    .duration
                    .map_or(Ok(DEFAULT_PRESS_US), |d| time(d, "duration"))?,
                every_us: s.every.map(|e| time(e, "every")).transpose()?,
                count: s.count,
                line,
            });
        }
        // Names used by aliases, UARTs, wires and stimuli must exist.
        board.check_names(text, file, &raw)?;
        Ok(board)
    }

    /// The file's `[[i2c]]` and `[[spi]]` sections: its buses replace the
    /// base board's of the same id; its devices join theirs.
    fn add_buses(&mut self, raw: &RawBoard, text: &str, file: &str) -> Result<(), BoardError> {
        let at = |span: usize, message: String| BoardError {
            file: file.to_owned(),
            line: line_of(text, span),
            message,
        };
        // The sections' own line, for errors: where the first header names it.
        let section_at = |kind: &str| {
            text.find(&format!("[[{kind}"))
                .or_else(|| text.find(&format!("[{kind}")))
                .unwrap_or(0)
        };
        let i2c = raw
            .i2c
            .as_ref()
            .map(|v| RawI2cSection::read(v).map_err(|m| at(section_at("i2c"), m)))
            .transpose()?;
        let spi = raw
            .spi
            .as_ref()
            .map(|v| RawSpiSection::read(v).map_err(|m| at(section_at("spi"), m)))
            .transpose()?;
        let base_dir = std::path::Path::new(file)
            .parent()
            .map_or_else(String::new, |p| p.display().to_string());
        let first = if raw.i2c.is_some() { "i2c" } else { "spi" };
        let origin = format!("{file}, line {}", line_of(text, section_at(first)));
        let parsed = buses::parse(i2c.as_ref(), spi.as_ref(), &origin, &base_dir)
            .map_err(|m| at(section_at(first), m))?;
        for bus in parsed.i2c {
            self.i2c_buses.retain(|b| b.id != bus.id);
            self.i2c_buses.push(bus);
        }
        for bus in parsed.spi {
            self.spi_buses.retain(|b| b.id != bus.id);
            self.spi_buses.push(bus);
        }
        self.devices.extend(parsed.devices);
        Ok(())
    }

    /// `--i2c`/`--spi`: a device from the command line, on a bus this
    /// board has.
    pub fn add_device(&mut self, device: Device) -> Result<(), String> {
        self.check_device(&device)
            .map_err(|m| format!("{}: {m}", device.origin))?;
        self.devices.push(device);
        Ok(())
    }

    /// A device's bus exists, its chip-select pin too, and no other device
    /// answers at its address.
    fn check_device(&self, device: &Device) -> Result<(), String> {
        match &device.at {
            Attachment::I2c { bus, address } => {
                if !self.i2c_buses.iter().any(|b| b.id == *bus) {
                    return Err(format!(
                        "board '{}' has no I2C bus {bus}; {}",
                        self.name,
                        self.bus_choices("I2C", self.i2c_buses.iter().map(|b| b.id))
                    ));
                }
                let taken = self.devices.iter().any(|d| {
                    d.at == Attachment::I2c {
                        bus: *bus,
                        address: *address,
                    }
                });
                if taken {
                    return Err(format!(
                        "I2C bus {bus} already has a device at address {address:#04x}"
                    ));
                }
            }
            Attachment::Spi { bus, cs } => {
                if !self.spi_buses.iter().any(|b| b.id == *bus) {
                    return Err(format!(
                        "board '{}' has no SPI bus {bus}; {}",
                        self.name,
                        self.bus_choices("SPI", self.spi_buses.iter().map(|b| b.id))
                    ));
                }
                if self.resolve(cs).is_none() {
                    return Err(format!(
                        "unknown chip-select pin '{cs}'; {}",
                        self.valid_choices()
                    ));
                }
            }
        }
        Ok(())
    }

    fn bus_choices(&self, kind: &str, ids: impl Iterator<Item = u32>) -> String {
        let ids: Vec<String> = ids.map(|id| id.to_string()).collect();
        if ids.is_empty() {
            format!(
                "it has no {kind} buses (a board file adds them: [[{}]])",
                kind.to_lowercase()
            )
        } else {
            format!("its {kind} buses are {}", ids.join(", "))
        }
    }

    fn add_internal_pin(&mut self, pin: &str) {
        if !self.pins.iter().any(|p| p == pin) {
            self.pins.push(pin.to_owned());
        }
    }

    fn check_names(&self, text: &str, file: &str, raw: &RawBoard) -> Result<(), BoardError> {
        let error = |offset: usize, name: &str, what: &str| BoardError {
            file: file.to_owned(),
            line: line_of(text, offset),
            message: format!(
                "{what} names an unknown pin '{name}'; {}",
                self.valid_choices()
            ),
        };
        for pin in raw.aliases.values() {
            if self.resolve(pin.get_ref()).is_none() {
                return Err(error(pin.span().start, pin.get_ref(), "an alias"));
            }
        }
        for uart in &raw.uart {
            for pin in [&uart.get_ref().tx, &uart.get_ref().rx] {
                if self.resolve(pin).is_none() {
                    return Err(error(uart.span().start, pin, "a UART"));
                }
            }
        }
        let bus_line = text
            .find("[[i2c")
            .or_else(|| text.find("[[spi"))
            .or_else(|| text.find("[i2c"))
            .or_else(|| text.find("[spi"))
            .unwrap_or(0);
        for bus in &self.i2c_buses {
            for pin in [&bus.scl, &bus.sda] {
                if self.resolve(pin).is_none() {
                    return Err(error(bus_line, pin, "an I2C bus"));
                }
            }
        }
        for bus in &self.spi_buses {
            for pin in [&bus.sck, &bus.mosi, &bus.miso] {
                if self.resolve(pin).is_none() {
                    return Err(error(bus_line, pin, "an SPI bus"));
                }
            }
        }
        let mut seen = BoardDef {
            devices: Vec::new(),
            ..self.clone()
        };
        for device in &self.devices {
            seen.check_device(device).map_err(|message| BoardError {
                file: file.to_owned(),
                line: line_of(text, bus_line),
                message,
            })?;
            seen.devices.push(device.clone());
        }
        for adc in &raw.adc {
            let pin = &adc.get_ref().pin;
            if self.resolve(pin).is_none() {
                return Err(error(adc.span().start, pin, "an ADC source"));
            }
        }
        for gpio in &raw.gpio {
            let pin = &gpio.get_ref().pin;
            if self.resolve(pin).is_none() {
                return Err(error(gpio.span().start, pin, "a GPIO line"));
            }
        }
        for wire in &raw.wire {
            for pin in &wire.get_ref().pins {
                if self.resolve(pin).is_none() {
                    return Err(error(wire.span().start, pin, "a wire"));
                }
            }
        }
        for stimulus in &raw.stimulus {
            let pin = &stimulus.get_ref().pin;
            if self.stimulus_pin(pin).is_none() {
                return Err(error(stimulus.span().start, pin, "a stimulus"));
            }
        }
        Ok(())
    }

    /// The pin a name stands for: a pin, an alias, or (on a permissive
    /// board) any name at all.
    pub fn resolve(&self, name: &str) -> Option<String> {
        if self.pins.iter().any(|p| p == name) {
            return Some(name.to_owned());
        }
        if let Some(pin) = self.aliases.get(name) {
            return Some(pin.clone());
        }
        self.permissive.then(|| name.to_owned())
    }

    /// The pin a number names (`Pin(33)`, `pinloop pin 33 1`): `P<n>`
    /// where the board has it (every permissive board does), else the
    /// number itself as a name.
    pub fn numbered_pin(&self, number: &str) -> String {
        let prefixed = format!("P{number}");
        if self.resolve(&prefixed).is_some() {
            prefixed
        } else {
            number.to_owned()
        }
    }

    /// A stimulus target: a switch name (its pin) or a pin name.
    pub fn stimulus_pin(&self, name: &str) -> Option<String> {
        if let Some(switch) = self.switches.iter().find(|s| s.name == name) {
            return Some(switch.pin.clone());
        }
        self.resolve(name)
    }

    /// "valid pins: X1, X2, ..." for error messages.
    pub fn valid_choices(&self) -> String {
        let mut names: Vec<&str> = self.pins.iter().map(String::as_str).collect();
        names.extend(self.aliases.keys().map(String::as_str));
        format!("valid pins on board '{}': {}", self.name, names.join(", "))
    }

    /// `--wire A=B[=C...]`: joins pins into one net.
    pub fn add_wire(&mut self, spec: &str) -> Result<(), String> {
        let pins: Vec<String> = spec.split('=').map(|p| p.trim().to_owned()).collect();
        if pins.len() < 2 || pins.iter().any(String::is_empty) {
            return Err(format!("--wire wants PIN=PIN (like X1=X2), not '{spec}'"));
        }
        for pin in &pins {
            if self.resolve(pin).is_none() {
                return Err(format!(
                    "--wire {spec}: unknown pin '{pin}'; {}",
                    self.valid_choices()
                ));
            }
        }
        self.wires.push(pins);
        Ok(())
    }
}

#[cfg(test)]
mod tests {

    /// Bounded fuzzing: mutants of real board files never panic the
    /// loader, and a board it accepts can be simulated.
    #[test]
    fn mutated_board_files_load_or_fail_cleanly() {
        let seeds: [&[u8]; 5] = [
            include_bytes!("../../../tests/hal/pyb_board.toml"),
            include_bytes!("../../../tests/hal/analog_board.toml"),
            include_bytes!("../../../tests/hal/storm_board.toml"),
            include_bytes!("../../../tests/hal/bad_board.toml"),
            b"name = \"b\"\npins = [\"P0..P9\"]\nwires = [[\"P1\", \"P2\"]]\n",
        ];
        let mut mutator = crate::mutate::Mutator::new(0x5eed_b0a4d);
        for case in 0..20_000 {
            let mutant = mutator.mutant(&seeds);
            let text = String::from_utf8_lossy(&mutant);
            if text.contains("extends") {
                continue; // would read other files: covered by its own tests
            }
            let outcome = std::panic::catch_unwind(|| {
                if let Ok(def) = BoardDef::parse(&text, "fuzz.toml") {
                    let sim = crate::Sim::new(def);
                    assert!(sim.pin_count() <= 10_000);
                }
            });
            assert!(outcome.is_ok(), "case {case} panicked on:\n{text}");
        }
    }

    #[test]
    fn extends_in_a_cycle_is_an_error_that_names_it() {
        let dir = std::env::temp_dir().join(format!("pinloop-board-cycle-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let a = dir.join("a.toml");
        let b = dir.join("b.toml");
        std::fs::write(&a, format!("extends = {:?}\n", b.display().to_string())).unwrap();
        std::fs::write(&b, format!("extends = {:?}\n", a.display().to_string())).unwrap();
        let error = BoardDef::load(a.to_str().unwrap()).unwrap_err();
        assert!(error.message.contains("extends makes a cycle"), "{error:?}");
        assert!(error.message.contains("a.toml -> "), "{error:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn pins_are_bounded_and_listed_once() {
        let error = BoardDef::parse("pins = [\"P1..P100000000\"]\n", "big").unwrap_err();
        assert!(error.message.contains("at most 10000"), "{error:?}");
        let error = BoardDef::parse("pins = [\"X1\", \"X2\", \"X1\"]\n", "dup").unwrap_err();
        assert_eq!(error.message, "pin 'X1' is listed twice");
        BoardDef::parse("extends = \"pyboard\"\npins = [\"X1\", \"Z9\"]\n", "more").unwrap();
    }

    #[test]
    fn an_endless_board_file_is_refused() {
        let error = BoardDef::load("/dev/zero").unwrap_err();
        assert!(error.message.contains("larger than 1024 KiB"), "{error:?}");
    }

    use super::*;

    #[test]
    fn shipped_boards_parse() {
        for name in shipped_names() {
            let board = BoardDef::shipped(name).unwrap();
            assert!(!board.pins.is_empty(), "{name}");
        }
        let pyboard = BoardDef::shipped("pyboard").unwrap();
        assert_eq!(pyboard.pins[0], "X1");
        assert!(pyboard.pins.contains(&"Y12".to_owned()));
        assert_eq!(pyboard.leds.len(), 4);
        assert_eq!(pyboard.switches[0].pull, Pull::Up);
        assert!(!pyboard.permissive);
        let default = BoardDef::default_board();
        assert!(default.permissive);
        assert_eq!(default.leds.len(), 4);
        assert_eq!(default.resolve("anything").as_deref(), Some("anything"));
        assert_eq!(pyboard.resolve("anything"), None);
        // The default board extends the Pyboard but is the unix port.
        assert_eq!(pyboard.platform.as_deref(), Some("pyboard"));
        assert_eq!(pyboard.machine.as_deref(), Some("PYBv1.1 with STM32F405RG"));
        assert_eq!(default.numbered_pin("33"), "P33");
        assert_eq!((default.platform, default.machine), (None, None));
        assert_eq!(pyboard.numbered_pin("33"), "33");
        let generic = BoardDef::shipped("generic").unwrap();
        assert_eq!(generic.numbered_pin("3"), "P3");
        // rp2 and esp32 name their GPIOs; a number is one through an alias.
        let rp2 = BoardDef::shipped("rp2").unwrap();
        assert_eq!(
            rp2.resolve(&rp2.numbered_pin("25")).as_deref(),
            Some("GP25")
        );
        assert_eq!(rp2.resolve("LED").as_deref(), Some("LED"));
        assert_eq!(rp2.platform.as_deref(), Some("rp2"));
        let esp32 = BoardDef::shipped("esp32").unwrap();
        assert_eq!(
            esp32.resolve(&esp32.numbered_pin("2")).as_deref(),
            Some("GPIO2")
        );
        assert_eq!(esp32.resolve("20"), None);
        assert_eq!(esp32.platform.as_deref(), Some("esp32"));
    }

    #[test]
    fn ranges_and_aliases() {
        let board = BoardDef::parse(
            "pins = [\"P1..P3\", \"GO\"]\n[aliases]\nA = \"P2\"\n",
            "b.toml",
        )
        .unwrap();
        assert_eq!(board.pins, ["P1", "P2", "P3", "GO"]);
        assert_eq!(board.resolve("A").as_deref(), Some("P2"));
        let err = BoardDef::parse("pins = [\"P3..Q1\"]\n", "b.toml").unwrap_err();
        assert_eq!(err.line, 1);
        assert!(err.message.contains("same prefix"), "{err}");
    }

    #[test]
    fn stimuli() {
        let text = "extends = \"pyboard\"\n\n[[stimulus]]\nat = 1.5\npin = \"USR\"\naction = \"press\"\n\n[[stimulus]]\nat = 2\npin = \"X1\"\naction = \"toggle\"\nevery = 0.5\ncount = 3\n";
        let board = BoardDef::parse(text, "s.toml").unwrap();
        assert_eq!(board.name, "pyboard");
        assert_eq!(board.stimuli.len(), 2);
        assert_eq!(board.stimuli[0].at_us, 1_500_000);
        assert_eq!(board.stimuli[0].press_us, DEFAULT_PRESS_US);
        assert_eq!(board.stimuli[0].line, 3);
        assert_eq!(board.stimulus_pin("USR").as_deref(), Some("SW"));
        assert_eq!(board.stimuli[1].every_us, Some(500_000));
    }

    #[test]
    fn errors_name_file_line_and_choices() {
        let text = "name = \"t\"\npins = [\"P1\", \"P2\"]\n\n[[wire]]\npins = [\"P1\", \"P9\"]\n";
        let err = BoardDef::parse(text, "t.toml").unwrap_err();
        assert_eq!((err.file.as_str(), err.line), ("t.toml", 4));
        assert!(err.message.contains("unknown pin 'P9'"), "{err}");
        assert!(err.message.contains("P1, P2"), "{err}");

        let err = BoardDef::parse(
            "pins = [\"P1\"]\n[[stimulus]]\nat = 1\npin = \"P1\"\naction = \"push\"\n",
            "t.toml",
        )
        .unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("press, release"), "{err}");

        let err = BoardDef::parse("pins = [\"P1\"\n", "t.toml").unwrap_err();
        assert!(err.line >= 1, "{err}");
        let err = BoardDef::parse("pinz = []\n", "t.toml").unwrap_err();
        assert!(err.message.contains("pinz"), "{err}");
        let err = BoardDef::load("nonesuch").unwrap_err();
        assert!(err.message.contains("pyboard"), "{err}");
    }

    #[test]
    fn adc_sources() {
        let board = BoardDef::parse(
            "extends = \"pyboard\"\n[[adc]]\npin = \"X19\"\nvalue = 30000\n",
            "a.toml",
        )
        .unwrap();
        assert_eq!(
            board.adcs,
            [Adc {
                pin: "X19".into(),
                value: 30000
            }]
        );
        let err = BoardDef::parse(
            "extends = \"pyboard\"\n[[adc]]\npin = \"X19\"\nvalue = 70000\n",
            "a.toml",
        )
        .unwrap_err();
        assert_eq!(err.line, 4, "{err}");
    }

    #[test]
    fn wires_from_the_command_line() {
        let mut board = BoardDef::shipped("pyboard").unwrap();
        board.add_wire("X1=X2").unwrap();
        assert_eq!(board.wires, [["X1", "X2"]]);
        assert!(board.add_wire("X1").is_err());
        assert!(board.add_wire("X1=Z9").unwrap_err().contains("valid pins"));
    }

    #[test]
    fn buses_and_devices_from_a_board_file() {
        let text = r#"
extends = "pyboard"

[[i2c.device]]
bus = 1
address = 0x40
model = "htu21d"
settings = { temperature = 21.5, humidity = 40 }

[[i2c.device]]
bus = 2
address = 0x3c
model = "models/oled.py:Screen"
"#;
        let board = BoardDef::parse(text, "dir/board.toml").unwrap();
        assert_eq!(board.i2c_buses.len(), 2, "the Pyboard's buses");
        assert_eq!(board.devices.len(), 2);
        let htu = &board.devices[0];
        assert_eq!(
            htu.at,
            Attachment::I2c {
                bus: 1,
                address: 0x40
            }
        );
        assert_eq!(
            htu.settings,
            [
                ("humidity".to_owned(), crate::buses::Setting::Int(40)),
                ("temperature".to_owned(), crate::buses::Setting::Float(21.5)),
            ]
        );
        assert_eq!(board.devices[1].base_dir, "dir");
        assert!(board.devices[1].origin.starts_with("dir/board.toml, line "));

        let own = "name = \"b\"\npins = [\"P0..P9\"]\n[[i2c]]\nid = 0\nscl = \"P1\"\nsda = \"P2\"\n[[i2c.device]]\naddress = 0x50\nmodel = \"x.py:Eeprom\"\n";
        let board = BoardDef::parse(own, "b.toml").unwrap();
        assert_eq!(
            board.devices[0].at,
            Attachment::I2c {
                bus: 0,
                address: 0x50
            }
        );
    }

    #[test]
    fn bad_buses_and_devices_name_the_line_and_the_fix() {
        let cases = [
            (
                "extends = \"pyboard\"\n[[i2c.device]]\nbus = 3\naddress = 0x40\nmodel = \"htu21d\"\n",
                "no I2C bus 3; its I2C buses are 1, 2",
            ),
            (
                "extends = \"pyboard\"\n[[i2c.device]]\nbus = 1\naddress = 0x40\nmodel = \"htu21d\"\n[[i2c.device]]\nbus = 1\naddress = 0x40\nmodel = \"htu21d\"\n",
                "already has a device at address 0x40",
            ),
            (
                "extends = \"pyboard\"\n[[i2c.device]]\nbus = 1\naddress = 0x40\nmodel = \"nochip\"\n",
                "not a shipped model",
            ),
            (
                "extends = \"pyboard\"\n[[i2c.device]]\nbus = 1\nmodel = \"htu21d\"\n",
                "names its address",
            ),
            (
                "extends = \"pyboard\"\n[[spi.device]]\nbus = 1\ncs = \"Q7\"\nmodel = \"htu21d\"\n",
                "unknown chip-select pin 'Q7'",
            ),
            (
                "name = \"b\"\npins = [\"P1\"]\n[[i2c]]\nid = 0\nscl = \"P1\"\nsda = \"P9\"\n",
                "an I2C bus names an unknown pin 'P9'",
            ),
            (
                "name = \"b\"\npins = [\"P1\"]\n[[i2c]]\nid = 0\nscl = \"P1\"\n",
                "[[i2c]]: missing field `sda`",
            ),
        ];
        for (text, part) in cases {
            let error = BoardDef::parse(text, "b.toml").unwrap_err();
            assert!(error.to_string().contains(part), "{text}: {error}");
            assert!(error.line > 0, "{error}");
        }
    }

    #[test]
    fn devices_from_the_command_line_need_the_bus() {
        let mut board = BoardDef::shipped("pyboard").unwrap();
        let device = crate::buses::parse_i2c_option("1:0x40=htu21d").unwrap();
        board.add_device(device.clone()).unwrap();
        assert!(
            board
                .add_device(device)
                .unwrap_err()
                .contains("already has a device")
        );
        let far = crate::buses::parse_i2c_option("7:0x40=htu21d").unwrap();
        assert_eq!(
            board.add_device(far).unwrap_err(),
            "--i2c 7:0x40=htu21d: board 'pyboard' has no I2C bus 7; its I2C buses are 1, 2"
        );
    }
}
