//! `machine.disable_irq` as a board-wide critical section, for a board
//! whose script has threads.
//!
//! On one core, `disable_irq()` returning means no handler is running and
//! none will start until `enable_irq`. With threads that must hold across
//! them too, or a thread's read-modify-write of state a hard handler also
//! writes loses updates. So the gate has an owner and a list of handlers
//! running:
//! - [`disable`] waits until no handler runs on another thread and no
//!   other thread owns the gate, then owns it (a second call by the owner
//!   returns false, the state "already disabled", as MicroPython's does);
//! - [`enable`] with the state `disable` returned (true) gives it up;
//! - a hard handler (pin edge, timer) runs only between [`enter_handler`]
//!   and [`leave_handler`]; while the gate is owned, by any thread, the
//!   handler is held instead, and `enable_irq` delivers it.
//!
//! A handler may itself disable: its own thread is never waited for. Any
//! thread may call each function; none is held across a call into Python.

use std::sync::{Condvar, Mutex, MutexGuard};
use std::thread::ThreadId;

struct Gate {
    owner: Option<ThreadId>,
    /// The threads a hard handler runs on now (a handler can nest).
    handlers: Vec<ThreadId>,
}

static GATE: Mutex<Gate> = Mutex::new(Gate {
    owner: None,
    handlers: Vec::new(),
});
static CHANGED: Condvar = Condvar::new();

fn gate() -> MutexGuard<'static, Gate> {
    GATE.lock().unwrap_or_else(|e| e.into_inner())
}

/// `machine.disable_irq()`: true if interrupts were enabled (the state to
/// give `enable_irq`). May wait for another thread's critical section or
/// a handler running on another thread.
pub fn disable() -> bool {
    let me = std::thread::current().id();
    let mut gate = gate();
    if gate.owner == Some(me) {
        return false;
    }
    while gate.owner.is_some() || gate.handlers.iter().any(|thread| *thread != me) {
        gate = CHANGED.wait(gate).unwrap_or_else(|e| e.into_inner());
    }
    gate.owner = Some(me);
    true
}

/// `machine.enable_irq(state)`: true ends this thread's critical section;
/// false (the state inside a nested one) keeps it. Returns whether
/// interrupts are enabled now, so the caller delivers what was held.
pub fn enable(state: bool) -> bool {
    let me = std::thread::current().id();
    let mut gate = gate();
    if state && gate.owner == Some(me) {
        gate.owner = None;
        CHANGED.notify_all();
    }
    gate.owner.is_none()
}

/// Whether a hard handler may run now on this thread; if so it is counted
/// as running until [`leave_handler`]. False while any thread owns the
/// gate (the handler is then held).
pub fn enter_handler() -> bool {
    let mut gate = gate();
    if gate.owner.is_some() {
        return false;
    }
    gate.handlers.push(std::thread::current().id());
    true
}

/// Whether a thread owns the gate (soft handlers are held too).
pub fn is_disabled() -> bool {
    gate().owner.is_some()
}

/// The handler [`enter_handler`] let in has returned.
pub fn leave_handler() {
    let me = std::thread::current().id();
    let mut gate = gate();
    if let Some(at) = gate.handlers.iter().rposition(|thread| *thread == me) {
        gate.handlers.remove(at);
    }
    CHANGED.notify_all();
}

/// A new board: no critical section carries over a reset.
pub fn reset() {
    let mut gate = gate();
    gate.owner = None;
    gate.handlers.clear();
    CHANGED.notify_all();
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};

    // One test: the gate is process-wide.
    #[test]
    fn a_critical_section_excludes_handlers_and_other_threads() {
        reset();
        // Nested disables on one thread: the inner state keeps it disabled.
        assert!(disable());
        assert!(!disable());
        assert!(!enter_handler(), "a handler is held while disabled");
        assert!(!enable(false));
        assert!(enable(true));
        assert!(enter_handler());
        // A handler may disable on its own thread.
        assert!(disable());
        assert!(enable(true));
        leave_handler();

        // Two threads doing read-modify-write under the gate, with a
        // "handler" thread doing the same between enter and leave: no update
        // is lost.
        let count = Arc::new(AtomicU64::new(0));
        let bump = |count: &AtomicU64| {
            let seen = count.load(Ordering::Relaxed);
            std::thread::yield_now();
            count.store(seen + 1, Ordering::Relaxed);
        };
        let workers: Vec<_> = (0..2)
            .map(|_| {
                let count = Arc::clone(&count);
                std::thread::spawn(move || {
                    for _ in 0..2000 {
                        let state = disable();
                        bump(&count);
                        enable(state);
                    }
                })
            })
            .collect();
        let handler = {
            let count = Arc::clone(&count);
            std::thread::spawn(move || {
                let mut ran = 0;
                while ran < 2000 {
                    if enter_handler() {
                        bump(&count);
                        leave_handler();
                        ran += 1;
                    }
                    std::thread::yield_now();
                }
            })
        };
        for worker in workers {
            worker.join().unwrap();
        }
        handler.join().unwrap();
        assert_eq!(count.load(Ordering::Relaxed), 6000);
    }
}
