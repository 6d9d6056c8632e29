//! pinloop's interpreter: RustPython's VM set up as a MicroPython-compatible
//! runtime. The binary crate parses the command line and calls [`run::run`].

pub mod compile;
pub mod frozen_lib;
pub mod importer;
pub mod interp;
mod prompt;
pub mod run;
mod runtime_info;
mod signals;
pub mod traceback;
pub mod vm_calls;

pub use run::{Program, RunOptions, run};
pub use vm_calls::{VmCaller, VmGone};
