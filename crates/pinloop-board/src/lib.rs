//! pinloop's simulated board, free of the Python VM so it can be tested on
//! its own:
//!
//! - [`def`]: board files (pins, LEDs, switches, UARTs, wires, stimuli),
//!   the shipped boards, and errors that name the file, line and choices;
//! - [`sim`]: the board's state: nets of wired pins, each net's level from
//!   its drivers and pulls, and the edges each change makes;
//! - [`mutate`]: the seeded mutator pinloop's bounded fuzz tests share.

pub mod def;
pub mod mutate;
pub mod sim;

pub use def::{Action, Adc, BoardDef, BoardError, Pull, Stimulus};
pub use sim::{Edge, Mode, Sim, UnknownPin};
