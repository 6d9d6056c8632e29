//! Interior mutability for what Python objects hold (pyclass payloads).
//!
//! RustPython built with its `threading` feature (always on: scripts have
//! real threads) needs every payload to be `Send + Sync`. [`Shared`] and
//! [`SharedCell`] are `RefCell` and `Cell` over RustPython's own locks
//! (`rustpython_common::lock`, parking_lot locks with `threading`).
//!
//! The rule is `RefCell`'s: no borrow is held across a call into Python (or
//! anything that may borrow the same value again): a conflicting borrow on
//! the same thread would deadlock, not panic.

use rustpython_vm::common::lock::{PyMutex, PyRwLock, PyRwLockReadGuard, PyRwLockWriteGuard};

/// A `RefCell` a payload may hold.
#[derive(Default)]
pub struct Shared<T>(PyRwLock<T>);

impl<T> Shared<T> {
    pub fn new(value: T) -> Self {
        Shared(PyRwLock::new(value))
    }

    pub fn borrow(&self) -> PyRwLockReadGuard<'_, T> {
        self.0.read()
    }

    pub fn borrow_mut(&self) -> PyRwLockWriteGuard<'_, T> {
        self.0.write()
    }
}

impl<T> std::fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Shared(..)")
    }
}

/// A `Cell` a payload may hold.
#[derive(Default)]
pub struct SharedCell<T: Copy>(PyMutex<T>);

impl<T: Copy> SharedCell<T> {
    pub fn new(value: T) -> Self {
        SharedCell(PyMutex::new(value))
    }

    pub fn get(&self) -> T {
        *self.0.lock()
    }

    pub fn set(&self, value: T) {
        *self.0.lock() = value;
    }

    pub fn replace(&self, value: T) -> T {
        std::mem::replace(&mut *self.0.lock(), value)
    }

    pub fn take(&self) -> T
    where
        T: Default,
    {
        self.replace(T::default())
    }
}

impl<T: Copy + std::fmt::Debug> std::fmt::Debug for SharedCell<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("SharedCell").field(&self.get()).finish()
    }
}
