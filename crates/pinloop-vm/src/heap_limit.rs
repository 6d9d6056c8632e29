//! The heap limit, as MicroPython's unix port has one (`-X heapsize=N`):
//! past it, Python code gets a catchable MemoryError instead of the host
//! running out of memory. Stable Rust cannot unwind out of a failed
//! allocation (the allocator must return memory or abort), so the limit is
//! kept by counting, below the point where the system would refuse:
//!
//! - every allocation of the process goes through [`CountingAllocator`],
//!   which keeps the bytes in use;
//! - an allocation that takes the count past the limit still succeeds, but
//!   marks a MemoryError due and trips RustPython's eval breaker (through
//!   the carrier signal of [`crate::interrupt`]), so the next safe
//!   instruction raises it; while the count stays over the limit, only
//!   growth by another 1/64 of the limit raises again, so a handler that
//!   allocates a little can run; the same grace follows every MemoryError,
//!   sized ones included ([`note_raised`]), so the few bytes the unwinding
//!   itself allocates (a traceback entry) do not raise a second
//!   MemoryError into the handler that is catching the first;
//! - operations whose size is known before they allocate (`bytearray(n)`,
//!   repetition, `**`, `<<`) ask [`fits`] first and raise at once
//!   ([`crate::size_checks`]);
//! - an allocation the system refuses all the same prints `MemoryError` and
//!   ends the process with status 1, never SIGABRT.
//!
//! The limit counts from what the interpreter holds when the program
//! starts ([`count_from_here`]): `-X heapsize=N` is what the program may
//! use, as on a board. By default it is 4 GiB, or less when the address
//! space is limited (`ulimit -v`): that limit less what the process already
//! maps, less a margin for stacks and the allocator's own overhead.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// The default limit when the address space is not the tighter bound.
pub const DEFAULT_LIMIT: usize = 4 << 30;

/// Room kept under `ulimit -v` for what the count does not see (thread
/// stacks and malloc arenas of threads started later, malloc's headers,
/// mapped files): a fixed part, and a quarter of what is left, since a
/// growing buffer is copied to a new one twice its size while the old one
/// is still mapped.
const ADDRESS_SPACE_MARGIN: usize = 64 << 20;

/// Bytes allocated and not yet freed, by the whole process.
static IN_USE: AtomicUsize = AtomicUsize::new(0);
/// The count at which the program's allowance starts.
static BASE: AtomicUsize = AtomicUsize::new(0);
/// The program's allowance above [`BASE`].
static LIMIT: AtomicUsize = AtomicUsize::new(usize::MAX);
/// The count past which an allocation marks a MemoryError due.
static TRIP_AT: AtomicUsize = AtomicUsize::new(usize::MAX);
/// A MemoryError waits to be raised.
static DUE: AtomicBool = AtomicBool::new(false);
/// The carrier signal whose handler raises what is due (0: none yet).
static CARRIER: AtomicUsize = AtomicUsize::new(0);
/// The count when the last MemoryError was raised (0: none yet): up to
/// a step past it, crossing the limit raises nothing.
static RAISED_AT: AtomicUsize = AtomicUsize::new(0);

/// The process's allocator: the system's, counted.
pub struct CountingAllocator;

// SAFETY: every method forwards to `System` with the same arguments and
// returns its result unchanged (a null from `System` never reaches the
// caller: the process ends first), so `System`'s guarantees hold; the
// bookkeeping only touches atomics and, once, raises a signal whose
// handler (RustPython's `run_signal`) stores atomics and writes one byte,
// all async-signal-safe and allocation-free.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as is; see the impl's comment.
        let memory = unsafe { System.alloc(layout) };
        granted(memory, layout.size(), 0)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as is.
        let memory = unsafe { System.alloc_zeroed(layout) };
        granted(memory, layout.size(), 0)
    }

    unsafe fn dealloc(&self, memory: *mut u8, layout: Layout) {
        // SAFETY: forwarded as is: `memory` came from this allocator,
        // hence from `System`, with this layout.
        unsafe { System.dealloc(memory, layout) };
        released(layout.size());
    }

    unsafe fn realloc(&self, memory: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded as is.
        let moved = unsafe { System.realloc(memory, layout, new_size) };
        if new_size >= layout.size() {
            granted(moved, new_size, layout.size())
        } else {
            released(layout.size() - new_size);
            granted(moved, 0, 0)
        }
    }
}

/// Books `size - freed` more bytes for a granted block; a refused one ends
/// the process.
fn granted(memory: *mut u8, size: usize, freed: usize) -> *mut u8 {
    if memory.is_null() {
        refused(size);
    }
    let grown = size - freed;
    if grown > 0 {
        let now = IN_USE.fetch_add(grown, Ordering::Relaxed) + grown;
        if now > TRIP_AT.load(Ordering::Relaxed) {
            over_limit(now);
        }
    }
    memory
}

fn released(size: usize) {
    let now = IN_USE.fetch_sub(size, Ordering::Relaxed) - size;
    let limit = threshold();
    if now < limit && TRIP_AT.load(Ordering::Relaxed) != limit {
        // Back under the limit (freeing can allocate on the way, as the
        // collector's lists do): nothing is due, the next crossing raises.
        TRIP_AT.store(limit, Ordering::Relaxed);
        DUE.store(false, Ordering::Release);
    }
}

/// How much further the count must grow before another MemoryError.
fn step() -> usize {
    (LIMIT.load(Ordering::Relaxed) / 64).max(1)
}

/// A MemoryError has just been raised (by the limit or by a sized check):
/// nothing more is due until the count grows a step past this point.
pub fn note_raised() {
    RAISED_AT.store(IN_USE.load(Ordering::Relaxed).max(1), Ordering::Relaxed);
    DUE.store(false, Ordering::Release);
}

/// The count at which the program's allowance is used up.
fn threshold() -> usize {
    BASE.load(Ordering::Relaxed)
        .saturating_add(LIMIT.load(Ordering::Relaxed))
}

fn over_limit(now: usize) {
    let step = step();
    let raised_at = RAISED_AT.load(Ordering::Relaxed);
    if raised_at != 0 && now <= raised_at.saturating_add(step) {
        TRIP_AT.store(raised_at.saturating_add(step), Ordering::Relaxed);
        return;
    }
    TRIP_AT.store(now.saturating_add(step), Ordering::Relaxed);
    if !DUE.swap(true, Ordering::AcqRel) {
        let carrier = CARRIER.load(Ordering::Acquire);
        if carrier != 0 {
            // SAFETY: raise takes a signal number whose handler is
            // installed (set by `arm` after installation); no memory.
            unsafe {
                libc::raise(carrier as libc::c_int);
            }
        }
    }
}

/// The system refused memory: MicroPython's words, status 1. Writes from a
/// stack buffer, since nothing may be allocated now.
fn refused(size: usize) -> ! {
    let mut line = [0u8; 96];
    let text = b"MemoryError: memory allocation failed, allocating ";
    line[..text.len()].copy_from_slice(text);
    let mut at = text.len();
    let mut digits = [0u8; 20];
    let mut count = 0;
    let mut rest = size;
    loop {
        digits[count] = b'0' + (rest % 10) as u8;
        count += 1;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for digit in digits[..count].iter().rev() {
        line[at] = *digit;
        at += 1;
    }
    for byte in b" bytes\n" {
        line[at] = *byte;
        at += 1;
    }
    // SAFETY: write reads `at` initialised bytes of the live local `line`;
    // _exit ends the process without running anything that could allocate.
    unsafe {
        libc::write(2, line.as_ptr().cast(), at);
        libc::_exit(1);
    }
}

/// `-X heapsize`, if given (0: the default).
static EXPLICIT: AtomicUsize = AtomicUsize::new(0);

/// Sets the program's allowance: `explicit` bytes (`-X heapsize`), else the
/// default, worked out by [`count_from_here`] (see the module comment).
pub fn configure(explicit: Option<u64>) {
    let bytes = explicit.map_or(0, |b| usize::try_from(b).unwrap_or(usize::MAX));
    EXPLICIT.store(bytes, Ordering::Relaxed);
}

/// Starts the allowance at what is in use now (the interpreter is built,
/// its thread's stack mapped).
pub fn count_from_here() {
    let limit = match EXPLICIT.load(Ordering::Relaxed) {
        0 => default_limit(),
        bytes => bytes,
    };
    LIMIT.store(limit, Ordering::Relaxed);
    BASE.store(IN_USE.load(Ordering::Relaxed), Ordering::Relaxed);
    TRIP_AT.store(threshold(), Ordering::Relaxed);
    RAISED_AT.store(0, Ordering::Relaxed);
    DUE.store(false, Ordering::Release);
}

/// Names the signal whose handler raises a due MemoryError; call it once
/// that handler is installed.
pub fn arm(carrier: i32) {
    CARRIER.store(carrier as usize, Ordering::Release);
}

/// Whether a MemoryError is due; clears it.
pub fn take_due() -> bool {
    DUE.swap(false, Ordering::AcqRel)
}

/// Whether `bytes` more fit under the limit.
pub fn fits(bytes: usize) -> bool {
    IN_USE
        .load(Ordering::Relaxed)
        .checked_add(bytes)
        .is_some_and(|total| total <= threshold())
}

/// The program's allowance in bytes.
pub fn limit() -> usize {
    LIMIT.load(Ordering::Relaxed)
}

/// Whether the program holds more than its allowance now.
pub fn exceeded() -> bool {
    IN_USE.load(Ordering::Relaxed) > threshold()
}

/// Bytes the process has allocated and not freed, as counted.
pub fn in_use() -> usize {
    IN_USE.load(Ordering::Relaxed)
}

/// 4 GiB, or the address-space limit less what is mapped and a margin.
fn default_limit() -> usize {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes one rlimit into the live local it is given.
    let known = unsafe { libc::getrlimit(libc::RLIMIT_AS, &mut limit) } == 0;
    if !known || limit.rlim_cur == libc::RLIM_INFINITY {
        return DEFAULT_LIMIT;
    }
    let address_space = usize::try_from(limit.rlim_cur).unwrap_or(usize::MAX);
    let left = address_space.saturating_sub(mapped_bytes().unwrap_or(0));
    (left - left / 4)
        .saturating_sub(ADDRESS_SPACE_MARGIN)
        .min(DEFAULT_LIMIT)
}

/// The process's virtual size (`/proc/self/statm`, first field, in pages).
fn mapped_bytes() -> Option<usize> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: usize = statm.split_whitespace().next()?.parse().ok()?;
    // SAFETY: sysconf takes a constant and returns a number.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    Some(pages * usize::try_from(page).ok()?)
}
