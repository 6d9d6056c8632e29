//! Heap figures for `gc.mem_alloc`/`gc.mem_free`/`micropython.mem_info`,
//! and MicroPython's heap-lock depth. On a board the heap is a fixed block;
//! here it is the C heap the VM allocates from (glibc malloc, which Rust's
//! system allocator uses), plus what the system can still hand out.

use std::sync::atomic::{AtomicUsize, Ordering};

static HEAP_LOCK_DEPTH: AtomicUsize = AtomicUsize::new(0);

/// Native stack of the VM thread. Deep chains of awaits recurse on it; the
/// VM turns runaway recursion into RecursionError long before it runs out.
/// Only touched pages cost memory.
pub const VM_STACK_BYTES: usize = 256 << 20;

/// Starts a VM thread (named `pinloop-vm`, [`VM_STACK_BYTES`] of stack);
/// on failure the error is reported and None returned.
pub fn spawn_vm_thread<T: Send + 'static>(
    body: impl FnOnce() -> T + Send + 'static,
) -> Option<std::thread::JoinHandle<T>> {
    match std::thread::Builder::new()
        .name("pinloop-vm".into())
        .stack_size(VM_STACK_BYTES)
        .spawn(body)
    {
        Ok(handle) => Some(handle),
        Err(err) => {
            crate::report!("pinloop: cannot start the VM thread: {err}");
            None
        }
    }
}

/// Bytes the process has allocated and not freed.
pub fn allocated_bytes() -> usize {
    // SAFETY: mallinfo2 takes no arguments, only reads malloc's own
    // statistics (under malloc's lock) and returns them by value.
    let info = unsafe { libc::mallinfo2() };
    info.uordblks + info.hblkhd
}

/// Bytes still available: free memory inside malloc's arenas plus what the
/// kernel reports it can still give (`MemAvailable`).
pub fn free_bytes() -> usize {
    // SAFETY: as in `allocated_bytes`.
    let info = unsafe { libc::mallinfo2() };
    info.fordblks + system_available_bytes().unwrap_or(0)
}

fn system_available_bytes() -> Option<usize> {
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = meminfo.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kib: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

pub fn heap_lock() {
    HEAP_LOCK_DEPTH.fetch_add(1, Ordering::Relaxed);
}

/// Undoes one lock; returns the depth left (never below zero).
pub fn heap_unlock() -> usize {
    let previous = HEAP_LOCK_DEPTH
        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |d| {
            Some(d.saturating_sub(1))
        })
        .unwrap_or(0);
    previous.saturating_sub(1)
}

/// A new interpreter starts with the heap unlocked (a soft reset unlocks
/// it, as MicroPython's `gc_init` does).
pub fn forget_heap_lock() {
    HEAP_LOCK_DEPTH.store(0, Ordering::Relaxed);
}

pub fn heap_locked() -> usize {
    HEAP_LOCK_DEPTH.load(Ordering::Relaxed)
}

/// MicroPython's additions to `gc`, merged into RustPython's by
/// [`crate::interp`].
pub(crate) use _pinloop_gc::module_def;

#[rustpython_vm::pymodule]
mod _pinloop_gc {
    use std::sync::atomic::{AtomicI64, Ordering};

    use rustpython_vm::function::OptionalArg;

    /// MicroPython's heap block on a 64-bit port.
    const GC_BLOCK: i64 = 32;

    /// The value last given to `threshold`; -1 means none was set.
    static THRESHOLD: AtomicI64 = AtomicI64::new(-1);

    /// Bytes of heap in use.
    #[pyfunction]
    fn mem_alloc() -> usize {
        super::allocated_bytes()
    }

    /// Bytes of heap still available.
    #[pyfunction]
    fn mem_free() -> usize {
        super::free_bytes()
    }

    /// With an argument, records the allocation threshold (-1: none);
    /// without, returns it. The host VM's collector keeps its own schedule.
    #[pyfunction]
    fn threshold(amount: OptionalArg<i64>) -> Option<i64> {
        match amount {
            OptionalArg::Present(amount) => {
                // Kept in heap blocks, as MicroPython does (32 bytes on a
                // 64-bit port): what is read back is rounded down.
                let stored = if amount < 0 {
                    -1
                } else {
                    amount / GC_BLOCK * GC_BLOCK
                };
                THRESHOLD.store(stored, Ordering::Relaxed);
                None
            }
            OptionalArg::Missing => Some(THRESHOLD.load(Ordering::Relaxed)),
        }
    }
}
