//! pinloop's interpreter: RustPython's VM set up as a MicroPython-compatible
//! runtime. The binary crate parses the command line and calls [`run::run`].

/// `eprintln!` that never panics: with standard error closed (its reader
/// went away) the message is dropped, and the program ends as it would
/// have, instead of with a Rust panic.
#[macro_export]
macro_rules! report {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

pub mod asyncio;
mod atomic_file;
mod awaitables;
mod callback_interrupt;
pub mod clock;
mod code_fixes;
mod codegen_workarounds;
pub mod compile;
mod completion;
pub mod device;
mod device_root;
pub mod dialect;
mod dialect_builtins;
mod exception_value;
mod finally_jumps;
mod framebuf;
pub mod frozen_lib;
pub mod hal;
pub mod heap_limit;
mod help;
pub mod importer;
pub mod interp;
mod interp_local;
mod interrupt;
mod io_poll;
mod keyboard;
mod library_re;
pub mod memory;
mod micropython;
mod module_fixes;
mod mp_re;
mod mp_time;
mod project;
mod prompt;
mod relative_import;
mod ring_io;
pub mod run;
mod runtime_info;
mod scheduler;
mod seed;
mod select_poll;
mod shared;
mod signals;
mod size_checks;
mod stdio;
mod stream_protocol;
mod sys_compat;
mod terminal_repl;
mod termination;
mod threads;
mod toplevel_await;
pub mod traceback;
mod type_fixes;
pub mod vm_calls;
mod wait;

pub use pinloop_sched::clock::ClockMode;
pub use run::{Program, RunOptions, run};
pub use vm_calls::{VmCaller, VmGone};
