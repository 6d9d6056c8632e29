//! The board's I2C and SPI buses and the simulated devices on them, as the
//! board file (`[[i2c]]`, `[[spi]]`, `[[i2c.device]]`, `[[spi.device]]`)
//! and the command line (`--i2c BUS:ADDRESS=MODEL`, `--spi BUS:CSPIN=MODEL`)
//! give them. A bus is its pins: a hardware bus by id and a software bus
//! on the same pins reach the same devices, so devices are kept by bus id
//! here and by pins where the VM side meets them.
//!
//! A model is named by a shipped chip's name in lower case (`htu21d`) or
//! `path.py:Class`, a path taken from the folder of the board file that
//! names it (the current folder on the command line). Loading it is the
//! VM's business; this file only checks the names.

use std::collections::BTreeMap;

use serde::Deserialize;

/// `[[i2c]]`: a hardware I2C bus of the board.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct I2cBus {
    pub id: u32,
    /// A name the port also accepts for it (a Pyboard's `I2C('X')`).
    pub name: Option<String>,
    pub scl: String,
    pub sda: String,
}

/// `[[spi]]`: a hardware SPI bus of the board.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpiBus {
    pub id: u32,
    pub name: Option<String>,
    pub sck: String,
    pub mosi: String,
    pub miso: String,
}

/// Where a device sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attachment {
    /// On I2C bus `bus`, answering at 7-bit `address`.
    I2c { bus: u32, address: u8 },
    /// On SPI bus `bus`, selected by pin `cs` low.
    Spi { bus: u32, cs: String },
}

/// A setting given to a model after it is made (`settings = {...}`).
#[derive(Debug, Clone, PartialEq)]
pub enum Setting {
    Int(i64),
    Float(f64),
    Bool(bool),
    Text(String),
}

/// A simulated device the board carries.
#[derive(Debug, Clone, PartialEq)]
pub struct Device {
    pub at: Attachment,
    /// A shipped model's name, or `path.py:Class`.
    pub model: String,
    /// The folder a relative model path is taken from.
    pub base_dir: String,
    /// Attributes set on the model once made, in order.
    pub settings: Vec<(String, Setting)>,
    /// Where it was named, for errors found when the model loads
    /// (`board.toml, line 12` or `--i2c 1:0x40=htu21d`).
    pub origin: String,
}

/// The models pinloop ships (`lib/pinloop/models/`).
pub const SHIPPED_MODELS: &[&str] = &[
    "aht20", "at24c256", "at24c32", "bme280", "ds3231", "htu21d", "mpu6050", "ssd1306",
];

/// `[[i2c]]` entries, or (in a file that adds devices to buses another
/// file defines) a table holding only `[[i2c.device]]`.
pub(crate) enum RawI2cSection {
    Buses(Vec<RawI2cBus>),
    DevicesOnly(Vec<RawDevice>),
}

pub(crate) enum RawSpiSection {
    Buses(Vec<RawSpiBus>),
    DevicesOnly(Vec<RawDevice>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DevicesOnly {
    device: Vec<RawDevice>,
}

/// Reads a section as buses (an array of tables) or devices only (a
/// table), with the error of the shape it has.
fn section<B: serde::de::DeserializeOwned>(
    value: &toml::Value,
    kind: &str,
) -> Result<Result<Vec<B>, Vec<RawDevice>>, String> {
    let message = |e: toml::de::Error| format!("[[{kind}]]: {}", e.message().trim());
    match value {
        toml::Value::Array(_) => Ok(Ok(value.clone().try_into::<Vec<B>>().map_err(message)?)),
        _ => Ok(Err(value
            .clone()
            .try_into::<DevicesOnly>()
            .map_err(message)?
            .device)),
    }
}

impl RawI2cSection {
    pub(crate) fn read(value: &toml::Value) -> Result<Self, String> {
        Ok(match section(value, "i2c")? {
            Ok(buses) => RawI2cSection::Buses(buses),
            Err(devices) => RawI2cSection::DevicesOnly(devices),
        })
    }
}

impl RawSpiSection {
    pub(crate) fn read(value: &toml::Value) -> Result<Self, String> {
        Ok(match section(value, "spi")? {
            Ok(buses) => RawSpiSection::Buses(buses),
            Err(devices) => RawSpiSection::DevicesOnly(devices),
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawI2cBus {
    id: u32,
    name: Option<String>,
    scl: String,
    sda: String,
    #[serde(default)]
    device: Vec<RawDevice>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSpiBus {
    id: u32,
    name: Option<String>,
    sck: String,
    mosi: String,
    miso: String,
    #[serde(default)]
    device: Vec<RawDevice>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDevice {
    /// The bus's id (inside `[[i2c]]`: that bus, when left out).
    bus: Option<u32>,
    address: Option<i64>,
    cs: Option<String>,
    model: String,
    #[serde(default)]
    settings: BTreeMap<String, toml::Value>,
}

/// What the board file's bus sections add: buses, and devices.
#[derive(Default)]
pub(crate) struct Parsed {
    pub i2c: Vec<I2cBus>,
    pub spi: Vec<SpiBus>,
    pub devices: Vec<Device>,
}

/// Turns the raw sections into buses and devices; `origin` names the file
/// (errors and devices say where they came from), `base_dir` is its folder.
pub(crate) fn parse(
    i2c: Option<&RawI2cSection>,
    spi: Option<&RawSpiSection>,
    origin: &str,
    base_dir: &str,
) -> Result<Parsed, String> {
    let mut parsed = Parsed::default();
    let mut device = |raw: &RawDevice, kind: &str, enclosing: Option<u32>| {
        let bus = raw.bus.or(enclosing).ok_or_else(|| {
            format!("an {kind} device names its bus: bus = 1 (or sits in that [[{kind}]] entry)")
        })?;
        let at = match kind {
            "i2c" => {
                if raw.cs.is_some() {
                    return Err("an i2c device has an address, not cs".to_owned());
                }
                let address = raw
                    .address
                    .ok_or("an i2c device names its address: address = 0x40")?;
                Attachment::I2c {
                    bus,
                    address: seven_bit(address)?,
                }
            }
            _ => {
                if raw.address.is_some() {
                    return Err("an spi device has a cs pin, not an address".to_owned());
                }
                let cs = raw
                    .cs
                    .clone()
                    .ok_or("an spi device names its chip-select pin: cs = \"X5\"")?;
                Attachment::Spi { bus, cs }
            }
        };
        check_model(&raw.model)?;
        let settings = raw
            .settings
            .iter()
            .map(|(name, value)| Ok((name.clone(), setting(name, value)?)))
            .collect::<Result<_, String>>()?;
        parsed.devices.push(Device {
            at,
            model: raw.model.clone(),
            base_dir: base_dir.to_owned(),
            settings,
            origin: origin.to_owned(),
        });
        Ok(())
    };
    match i2c {
        Some(RawI2cSection::Buses(buses)) => {
            for bus in buses {
                for raw in &bus.device {
                    device(raw, "i2c", Some(bus.id))?;
                }
                parsed.i2c.push(I2cBus {
                    id: bus.id,
                    name: bus.name.clone(),
                    scl: bus.scl.clone(),
                    sda: bus.sda.clone(),
                });
            }
        }
        Some(RawI2cSection::DevicesOnly(devices)) => {
            for raw in devices {
                device(raw, "i2c", None)?;
            }
        }
        None => {}
    }
    match spi {
        Some(RawSpiSection::Buses(buses)) => {
            for bus in buses {
                for raw in &bus.device {
                    device(raw, "spi", Some(bus.id))?;
                }
                parsed.spi.push(SpiBus {
                    id: bus.id,
                    name: bus.name.clone(),
                    sck: bus.sck.clone(),
                    mosi: bus.mosi.clone(),
                    miso: bus.miso.clone(),
                });
            }
        }
        Some(RawSpiSection::DevicesOnly(devices)) => {
            for raw in devices {
                device(raw, "spi", None)?;
            }
        }
        None => {}
    }
    Ok(parsed)
}

fn seven_bit(address: i64) -> Result<u8, String> {
    u8::try_from(address)
        .ok()
        .filter(|a| *a <= 0x7F)
        .ok_or_else(|| format!("an I2C address is 7 bits (0x00 to 0x7f), not {address:#x}"))
}

fn setting(name: &str, value: &toml::Value) -> Result<Setting, String> {
    Ok(match value {
        toml::Value::Integer(i) => Setting::Int(*i),
        toml::Value::Float(f) => Setting::Float(*f),
        toml::Value::Boolean(b) => Setting::Bool(*b),
        toml::Value::String(s) => Setting::Text(s.clone()),
        _ => {
            return Err(format!(
                "setting '{name}' must be a number, a boolean or a string"
            ));
        }
    })
}

/// A model name is a shipped model or `path.py:Class`.
pub fn check_model(model: &str) -> Result<(), String> {
    if SHIPPED_MODELS.contains(&model) {
        return Ok(());
    }
    match model.rsplit_once(':') {
        Some((path, class))
            if path.ends_with(".py")
                && !class.is_empty()
                && class.chars().all(|c| c.is_alphanumeric() || c == '_') =>
        {
            Ok(())
        }
        _ => Err(format!(
            "model '{model}' is not a shipped model ({}) or path.py:Class",
            SHIPPED_MODELS.join(", ")
        )),
    }
}

/// `MODEL[,NAME=VALUE...]`: the model and its settings (numbers, `true`
/// and `false`, or text).
fn model_and_settings(text: &str) -> Result<(String, Vec<(String, Setting)>), String> {
    let mut parts = text.split(',');
    let model = parts.next().unwrap_or("").trim().to_owned();
    let mut settings = Vec::new();
    for part in parts {
        let (name, value) = part
            .split_once('=')
            .ok_or_else(|| format!("a setting is NAME=VALUE, not '{part}'"))?;
        let (name, value) = (name.trim(), value.trim());
        if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
            return Err(format!("'{name}' is not a setting's name"));
        }
        let value = match value {
            "true" => Setting::Bool(true),
            "false" => Setting::Bool(false),
            _ => match (parse_number(value), value.parse::<f64>()) {
                (Some(n), _) => Setting::Int(n),
                (None, Ok(f)) => Setting::Float(f),
                (None, Err(_)) => Setting::Text(value.to_owned()),
            },
        };
        settings.push((name.to_owned(), value));
    }
    check_model(&model)?;
    Ok((model, settings))
}

/// `--i2c BUS:ADDRESS=MODEL[,NAME=VALUE...]` (`1:0x40=htu21d`).
pub fn parse_i2c_option(spec: &str) -> Result<Device, String> {
    let usage = || {
        format!(
            "--i2c wants BUS:ADDRESS=MODEL[,SETTING=VALUE...] (like 1:0x40=htu21d), not '{spec}'"
        )
    };
    let (place, model) = spec.split_once('=').ok_or_else(usage)?;
    let (bus, address) = place.split_once(':').ok_or_else(usage)?;
    let bus: u32 = bus.trim().parse().map_err(|_| usage())?;
    let address = parse_number(address.trim()).ok_or_else(usage)?;
    let (model, settings) = model_and_settings(model).map_err(|e| format!("--i2c {spec}: {e}"))?;
    Ok(Device {
        at: Attachment::I2c {
            bus,
            address: seven_bit(address).map_err(|e| format!("--i2c {spec}: {e}"))?,
        },
        model,
        base_dir: String::new(),
        settings,
        origin: format!("--i2c {spec}"),
    })
}

/// `--spi BUS:CSPIN=MODEL[,NAME=VALUE...]` (`1:X5=ssd1306,dc=X4`).
pub fn parse_spi_option(spec: &str) -> Result<Device, String> {
    let usage = || {
        format!(
            "--spi wants BUS:CSPIN=MODEL[,SETTING=VALUE...] (like 1:X5=ssd1306,dc=X4), not '{spec}'"
        )
    };
    let (place, model) = spec.split_once('=').ok_or_else(usage)?;
    let (bus, cs) = place.split_once(':').ok_or_else(usage)?;
    let bus: u32 = bus.trim().parse().map_err(|_| usage())?;
    let cs = cs.trim();
    if cs.is_empty() {
        return Err(usage());
    }
    let (model, settings) = model_and_settings(model).map_err(|e| format!("--spi {spec}: {e}"))?;
    Ok(Device {
        at: Attachment::Spi {
            bus,
            cs: cs.to_owned(),
        },
        model,
        base_dir: String::new(),
        settings,
        origin: format!("--spi {spec}"),
    })
}

/// `0x40`, `0o100`, `0b1000000` or `64`.
fn parse_number(text: &str) -> Option<i64> {
    let lower = text.to_ascii_lowercase();
    let (digits, radix) = if let Some(hex) = lower.strip_prefix("0x") {
        (hex, 16)
    } else if let Some(oct) = lower.strip_prefix("0o") {
        (oct, 8)
    } else if let Some(bin) = lower.strip_prefix("0b") {
        (bin, 2)
    } else {
        (lower.as_str(), 10)
    };
    i64::from_str_radix(digits, radix).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_line_settings_follow_the_model() {
        let device = parse_spi_option("1:X5=ssd1306,dc=X4,height=32,flip=true,gain=1.5").unwrap();
        assert_eq!(device.model, "ssd1306");
        assert_eq!(
            device.settings,
            vec![
                ("dc".to_owned(), Setting::Text("X4".into())),
                ("height".to_owned(), Setting::Int(32)),
                ("flip".to_owned(), Setting::Bool(true)),
                ("gain".to_owned(), Setting::Float(1.5)),
            ]
        );
        assert!(
            parse_i2c_option("1:0x3c=ssd1306,height")
                .unwrap_err()
                .contains("NAME=VALUE")
        );
        assert!(
            parse_i2c_option("1:0x3c=ssd1306,=3")
                .unwrap_err()
                .contains("setting's name")
        );
    }

    #[test]
    fn the_command_line_names_a_bus_an_address_and_a_model() {
        let device = parse_i2c_option("1:0x40=htu21d").unwrap();
        assert_eq!(
            device.at,
            Attachment::I2c {
                bus: 1,
                address: 0x40
            }
        );
        assert_eq!(device.model, "htu21d");
        assert_eq!(
            parse_i2c_option("2:64=models/chip.py:Chip").unwrap().at,
            Attachment::I2c {
                bus: 2,
                address: 64
            }
        );
        assert_eq!(
            parse_spi_option("1:X5=my.py:Screen").unwrap().at,
            Attachment::Spi {
                bus: 1,
                cs: "X5".into()
            }
        );
    }

    #[test]
    fn bad_options_say_what_is_wanted() {
        for (spec, part) in [
            ("0x40=htu21d", "BUS:ADDRESS=MODEL"),
            ("1:0x80=htu21d", "7 bits"),
            ("1:zz=htu21d", "BUS:ADDRESS=MODEL"),
            (
                "1:0x40=nochip",
                "not a shipped model (aht20, at24c256, at24c32, bme280, ds3231, htu21d, mpu6050, ssd1306) or path.py:Class",
            ),
            ("1:0x40=chip.py:", "path.py:Class"),
        ] {
            let error = parse_i2c_option(spec).unwrap_err();
            assert!(error.contains(part), "{spec}: {error}");
        }
        assert!(
            parse_spi_option("1:=x.py:C")
                .unwrap_err()
                .contains("BUS:CSPIN=MODEL")
        );
    }
}
