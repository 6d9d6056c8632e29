//! State that lives as long as one interpreter: the event loop, the tasks
//! waiting on flags and streams, cached classes, the seeded random state.
//! Each mechanism declares its own with [`interp_local!`] (as
//! `thread_local!`, and as cheap to reach) and keeps it private; the
//! interpreter's owner, [`crate::interp::Runtime`], drops all of it at once
//! through [`forget_all`] when the interpreter ends (a soft reset, a second
//! interpreter in a test), so nothing of one interpreter leaks into the next
//! and a new mechanism cannot be forgotten by a reset written item by item.
//!
//! How: a slot holds `Option<T>`, made from its initializer on first use;
//! that first use also records how to empty the slot in this thread's
//! [`FILLED`] list, which [`forget_all`] drains. State is per OS thread: a
//! thread the script started has its own, dropped when it ends.
//!
//! Contract: VM thread (or the worker thread that owns the slot); a `with`
//! must not reach the same slot again (a `RefCell`: a nested use panics,
//! it never aliases).

use std::cell::RefCell;
use std::thread::LocalKey;

/// One mechanism's per-interpreter state (see [`interp_local!`]).
pub struct Slot<T: 'static> {
    value: RefCell<Option<T>>,
    init: fn() -> T,
}

impl<T: 'static> Slot<T> {
    /// A slot filled by `init` on first use (for the macro).
    pub const fn new(init: fn() -> T) -> Self {
        Slot {
            value: RefCell::new(None),
            init,
        }
    }
}

thread_local! {
    /// How to empty each slot this thread has filled since the last
    /// [`forget_all`].
    static FILLED: RefCell<Vec<Box<dyn Fn()>>> = const { RefCell::new(Vec::new()) };
}

/// Declares per-interpreter state: `interp_local! { static NAME: T = INIT; }`,
/// reached with [`with`]`(&NAME, |state| ...)`.
macro_rules! interp_local {
    ($(#[$meta:meta])* static $name:ident: $t:ty = $init:expr;) => {
        thread_local! {
            $(#[$meta])*
            static $name: $crate::interp_local::Slot<$t> =
                const { $crate::interp_local::Slot::new(|| $init) };
        }
    };
}
pub(crate) use interp_local;

/// Runs `f` on the slot's state, made first if this interpreter has not
/// used it yet.
pub fn with<T: 'static, R>(key: &'static LocalKey<Slot<T>>, f: impl FnOnce(&mut T) -> R) -> R {
    key.with(|slot| {
        let mut value = slot.value.borrow_mut();
        let state = match &mut *value {
            Some(state) => state,
            empty => {
                FILLED.with(|filled| filled.borrow_mut().push(Box::new(move || empty_slot(key))));
                empty.insert((slot.init)())
            }
        };
        f(state)
    })
}

fn empty_slot<T: 'static>(key: &'static LocalKey<Slot<T>>) {
    // Taken out first, dropped after: dropping Python objects may run code
    // that reaches this slot again (and fills it anew, to be emptied next).
    let left = key.with(|slot| slot.value.borrow_mut().take());
    drop(left);
}

/// Drops every slot this thread's interpreter has filled (the interpreter
/// is ending), newest first.
pub fn forget_all() {
    while let Some(empty) = FILLED.with(|filled| filled.borrow_mut().pop()) {
        empty();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    interp_local! {
        static COUNT: u32 = 7;
    }
    interp_local! {
        static NAMES: Vec<String> = Vec::new();
    }

    #[test]
    fn slots_start_from_their_initializer_and_forget_all_drops_them_whole() {
        with(&COUNT, |c| *c += 1);
        with(&NAMES, |n| n.push("a".into()));
        assert_eq!(with(&COUNT, |c| *c), 8);
        forget_all();
        assert_eq!(with(&COUNT, |c| *c), 7, "made again from its initializer");
        assert!(with(&NAMES, |n| n.is_empty()));
        forget_all();
        forget_all(); // nothing filled: nothing to do
        assert_eq!(with(&COUNT, |c| *c), 7);
    }
}
