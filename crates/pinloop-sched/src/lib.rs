//! pinloop's scheduler core, free of the Python VM so it can be tested and
//! measured on its own:
//!
//! - [`clock`]: the process's clock, real or virtual, in microseconds since
//!   start, and the `--run-for` limit;
//! - [`queue`]: one time-ordered queue in which "ready" means "due now"
//!   (MicroPython's design: equal keys leave in arrival order);
//! - [`inbox`]: wake-ups from other threads and interrupt context, lock-free;
//! - [`wake`]: what the VM thread blocks on when it has nothing to run, and
//!   [`idle`], the wait until the next deadline or a wake-up, which moves the
//!   virtual clock.

pub mod clock;
pub mod idle;
pub mod inbox;
pub mod queue;
pub mod wake;
