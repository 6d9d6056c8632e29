//! The board's timeline: hardware timers and stimuli in time order, and,
//! on the real clock, the driver thread that fires them when they come due
//! by sending [`super::fire_due`] through the VM-call channel (so they
//! preempt running Python code as a board's interrupts do).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, OnceLock};
use std::time::Duration;

use pinloop_sched::{clock, queue::TimeQueue};

/// What happens at a board time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HwEvent {
    /// Timer `id` fires, if still at `generation`.
    Timer { id: usize, generation: u32 },
    /// Stimulus `index` of the board file, its `repeat`th time.
    Stimulus { index: usize, repeat: u32 },
    /// A press ends: the pin is let go.
    Release { pin: usize },
    /// The byte in port `port`'s shift register has gone out.
    UartByte { port: usize },
}

#[derive(Debug, Default)]
pub struct Timeline {
    queue: TimeQueue<HwEvent>,
}

impl Timeline {
    pub fn push(&mut self, at_us: u64, event: HwEvent) {
        self.queue.push(at_us, event);
    }

    pub fn next_key(&self) -> Option<u64> {
        self.queue.next_key()
    }

    pub fn pop_due(&mut self, now_us: u64) -> Option<(u64, HwEvent)> {
        self.queue.pop_due(now_us)
    }
}

/// When (µs of the clock) the driver thread last sent due events to the
/// VM: the moment a backend saw the edge, for the latency benchmark.
static LAST_SENT_US: AtomicU64 = AtomicU64::new(0);

pub fn last_sent_us() -> u64 {
    LAST_SENT_US.load(Ordering::Relaxed)
}

/// The driver sends nothing before this time (µs of the clock): after a
/// batch of callbacks that took T, the next waits T, so interrupts that
/// cannot keep up with their timers take at most half the time and the
/// interrupted code still runs (a board's main loop would starve).
static RESUME_AT_US: AtomicU64 = AtomicU64::new(0);

/// The longest pause [`pace_after_batch`] imposes.
const MAX_PAUSE_US: u64 = 50_000;

/// Called by `fire_due` when its batch, begun at `started_us`, is done
/// (VM thread).
pub fn pace_after_batch(started_us: u64) {
    let now = clock::now_us();
    let pause = now.saturating_sub(started_us).min(MAX_PAUSE_US);
    RESUME_AT_US.store(now.saturating_add(pause), Ordering::Relaxed);
}

/// The driver's call: fires what is due unless it comes inside the pause
/// the last batch set (a call queued while that batch ran); then the
/// driver is re-armed for the pause's end. VM thread, between bytecodes.
fn fire_paced(vm: &rustpython_vm::VirtualMachine) -> rustpython_vm::PyResult<()> {
    if clock::now_us() < RESUME_AT_US.load(Ordering::Relaxed) {
        rearm_driver();
        return Ok(());
    }
    super::fire_due(vm)
}

/// The deadline the driver thread waits for (None: nothing to wait for).
struct Driver {
    next_us: Mutex<Option<u64>>,
    changed: Condvar,
}

fn driver() -> &'static Driver {
    static DRIVER: OnceLock<Driver> = OnceLock::new();
    DRIVER.get_or_init(|| {
        std::thread::Builder::new()
            .name("pinloop-board-clock".into())
            .spawn(drive)
            .expect("start the board's clock thread");
        Driver {
            next_us: Mutex::new(None),
            changed: Condvar::new(),
        }
    })
}

/// Tells the driver thread the timeline's next deadline (real clock only:
/// on the virtual clock the loop and the sleeps fire what comes due).
pub fn rearm_driver() {
    if clock::is_virtual() {
        return;
    }
    let next = super::next_deadline_us();
    let driver = driver();
    let mut slot = driver.next_us.lock().unwrap_or_else(|e| e.into_inner());
    if *slot != next {
        *slot = next;
        driver.changed.notify_one();
    }
}

/// The driver thread: waits for the deadline, then has the VM fire what is
/// due; `fire_due` re-arms it with the next one.
fn drive() {
    let driver = driver();
    let mut slot = driver.next_us.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        match *slot {
            None => {
                slot = driver.changed.wait(slot).unwrap_or_else(|e| e.into_inner());
            }
            Some(deadline) => {
                let deadline = deadline.max(RESUME_AT_US.load(Ordering::Relaxed));
                let now = clock::now_us();
                if now < deadline {
                    let wait = Duration::from_micros(deadline - now);
                    slot = driver
                        .changed
                        .wait_timeout(slot, wait)
                        .unwrap_or_else(|e| e.into_inner())
                        .0;
                    continue;
                }
                *slot = None;
                drop(slot);
                LAST_SENT_US.store(clock::now_us(), Ordering::Relaxed);
                if let Some(caller) = crate::vm_calls::current() {
                    let _ = caller.call("board timer", fire_paced);
                }
                slot = driver.next_us.lock().unwrap_or_else(|e| e.into_inner());
            }
        }
    }
}
