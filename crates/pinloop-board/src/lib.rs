//! pinloop's simulated board, free of the Python VM so it can be tested on
//! its own:
//!
//! - [`buses`]: the I2C and SPI buses and the simulated devices on them;
//! - [`def`]: board files (pins, LEDs, switches, UARTs, wires, stimuli),
//!   the shipped boards, and errors that name the file, line and choices;
//! - [`sim`]: the board's state: nets of wired pins, each net's level from
//!   its drivers and pulls, and the edges each change makes;
//! - [`serial`]: a UART's line: bytes out one character time apart, the
//!   receive buffer, the pin log's byte format;
//! - [`vcd`]: the recording of every edge that `--vcd` writes;
//! - [`gpio`]: mirroring the board onto a GPIO chip (`--gpio`), with
//!   [`gpio_cdev`] the Linux character-device chip;
//! - [`wifi`]: the board's WiFi radio and the networks it sees;
//! - [`mutate`]: the seeded mutator pinloop's bounded fuzz tests share.

pub mod buses;
pub mod def;
pub mod gpio;
pub mod gpio_cdev;
pub mod mutate;
pub mod serial;
pub mod sim;
pub mod vcd;
pub mod wifi;

pub use def::{Action, Adc, BoardDef, BoardError, Pull, Stimulus};
pub use sim::{Edge, Mode, Sim, UnknownPin};
