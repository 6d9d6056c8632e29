//! The HAL's VM side: the board the script runs on (a [`Sim`] from
//! `pinloop-board`), the IRQ handlers attached to its pins, and the
//! board's own timeline (hardware timers, scheduled stimuli).
//!
//! Interrupts behave as on a board: an edge made by the
//! script itself (a write to a wired pin) runs hard handlers before the
//! write returns, which is the next bytecode boundary; timers and stimuli
//! fire when the active clock reaches them. On the real clock a driver
//! thread waits for the next one and sends it through the VM-call channel,
//! so it preempts whatever Python code runs; on the virtual clock time only
//! moves where the loop idles or the script sleeps, and those places fire
//! what came due. Soft handlers go through `micropython.schedule`.
//!
//! State lives in one process-wide cell ([`HAL`]) that the VM thread and
//! the script's own threads share; no borrow of it is held across a call
//! into Python, so a handler may touch any pin. A thread's write to a wired
//! pin runs hard handlers on that thread, before the write returns, as an
//! ISR preempts the core that caused it; soft handlers go to the VM thread.
//!
//! The IRQ path, and from where each step may be called:
//!
//! ```text
//!  real clock: timeline.rs driver thread ──┐   control socket, signals,
//!  (any thread; sends a VM call)           │   GPIO lines (outside.rs,
//!                                          │   own threads; VM calls)
//!  virtual clock: wait::step ──────────────┤          │
//!  (VM thread, in a wait)                  ▼          ▼
//!                                   fire_due    drive_from_thread
//!                          (VM thread, between bytecodes or in a wait)
//!                                          │          │
//!  a script's own write to a wired pin ────┴─► deliver_edges ─┬─► run_handler (hard: now,
//!  (any of its threads, inside the write)  (that thread) │    │    inside irq_gate)
//!                                                        │    └─► scheduler::schedule_call
//!  enable_irq (any thread): what disable_irq held ───────┘        (soft: a VM call, next
//!                                                                  safe point, VM thread)
//! ```
//!
//! While `disable_irq` holds them (`irq_gate.rs`, a critical section across
//! threads), a pin's edges and a timer's calls wait as one pending
//! interrupt each in `held_edges` and `held_timers`; `enable_irq` delivers
//! them.

mod buses;
mod control;
pub mod displays;
pub mod host_signals;
mod irq_gate;
pub(crate) mod machine;
mod outside;
mod pulse;
pub(crate) mod pyb;
pub(crate) mod reset;
mod rtc;
mod timeline;
pub(crate) mod uart;
mod uart_link;

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use parking_lot::ReentrantMutex;
use pinloop_board::{Action, BoardDef, Edge, Sim, gpio, gpio_cdev, serial, vcd};
use pinloop_sched::clock;
use rustpython_vm::{PyObjectRef, PyResult, VirtualMachine};

use crate::vm_calls;
pub use buses::attach_board_devices;
pub use timeline::{HwEvent, last_sent_us};

/// The board `--board`/`--wire` chose, taken by the VM thread on first use.
static CHOSEN: Mutex<Option<BoardDef>> = Mutex::new(None);

/// Sets the board scripts run on (before the VM starts).
pub fn choose_board(board: BoardDef) {
    *CHOSEN.lock().unwrap_or_else(|e| e.into_inner()) = Some(board);
}

/// The chosen board's `sys.platform` and `sys.implementation._machine`,
/// read when the interpreter is built (before the board itself is). None
/// for the host's: the default board (no `--board`) says nothing, as
/// MicroPython's unix port is `linux`.
pub fn chosen_identity() -> (Option<String>, Option<String>) {
    CHOSEN
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_ref()
        .map_or((None, None), |def| {
            (def.platform.clone(), def.machine.clone())
        })
}

/// Where `--pin-log` writes.
enum PinLog {
    Stdout,
    File(std::fs::File),
}

static PIN_LOG: Mutex<Option<PinLog>> = Mutex::new(None);

/// A write to the pin log failed (reported once; the exit status says it).
static PIN_LOG_FAILED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// `--pin-log FILE|-`: opens the log (before the VM starts).
/// `append`: keep what the file holds (a device's soft reset, which starts
/// the process again, continues its log).
pub fn open_pin_log(target: &str, append: bool) -> Result<(), String> {
    let log = if target == "-" {
        PinLog::Stdout
    } else {
        let file = if append {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(target)
        } else {
            std::fs::File::create(target)
        };
        PinLog::File(file.map_err(|e| e.to_string())?)
    };
    *PIN_LOG.lock().unwrap_or_else(|e| e.into_inner()) = Some(log);
    Ok(())
}

/// `--vcd FILE`: where the recording goes at exit.
static VCD_PATH: Mutex<Option<String>> = Mutex::new(None);

/// How the board is seen and driven from outside the script (issue 8's
/// backends), from the command line.
#[derive(Debug, Clone, Default)]
pub struct Backends {
    /// `--vcd FILE`.
    pub vcd: Option<String>,
    /// `--display-png DIR`.
    pub display_png: Option<String>,
    /// `--control PATH`.
    pub control: Option<String>,
    /// `--signal SIG=PIN:ACTION`s.
    pub signals: Vec<host_signals::SignalAction>,
    /// `--gpio /dev/gpiochipN`.
    pub gpio_chip: Option<String>,
    /// `--gpio-line NAME=OFFSET`s.
    pub gpio_lines: Vec<(String, u32)>,
    /// `--uart ID=SPEC`s.
    pub uart_links: Vec<(u32, pinloop_board::serial::UartLink)>,
}

/// Starts the backends (on the VM thread, once the VM exists). The error
/// is a usage error's message.
pub fn start_backends(backends: &Backends) -> Result<(), String> {
    if let Some(path) = &backends.vcd {
        // Fail now, not at exit, if the file cannot be written; an earlier
        // recording stays until the new one is complete.
        crate::atomic_file::check_writable(std::path::Path::new(path))
            .map_err(|e| format!("--vcd {path}: {e}"))?;
        *VCD_PATH.lock().unwrap_or_else(|e| e.into_inner()) = Some(path.clone());
    }
    if let Some(dir) = &backends.display_png {
        displays::configure(std::path::Path::new(dir))?;
    }
    if !backends.uart_links.is_empty() {
        let ids: Vec<u32> = with_hal(|sim| sim.def().uarts.iter().map(|u| u.id).collect());
        for (id, link) in &backends.uart_links {
            uart_link::start(*id, link, &ids)?;
        }
    }
    if let Some(path) = &backends.control {
        control::serve(path).map_err(|e| format!("--control {path}: {e}"))?;
    }
    host_signals::start(backends.signals.clone())?;
    if let Some(chip) = &backends.gpio_chip {
        start_gpio(chip, &backends.gpio_lines).map_err(|e| format!("--gpio {chip}: {e}"))?;
    } else if !backends.gpio_lines.is_empty() {
        return Err("--gpio-line needs --gpio /dev/gpiochipN".to_owned());
    }
    Ok(())
}

/// Opens the chip, mirrors the board onto it and starts the thread that
/// turns its edges into pin drives.
fn start_gpio(path: &str, extra_lines: &[(String, u32)]) -> Result<(), String> {
    let map = with_hal(|sim| gpio::LineMap::new(sim.def(), extra_lines))?;
    let offsets: Vec<u32> = map.offsets().map(|(_, offset)| offset).collect();
    let chip: std::sync::Arc<dyn gpio::LineChip> =
        std::sync::Arc::new(gpio_cdev::CdevChip::open(path, &offsets)?);
    let events = std::sync::Arc::clone(&chip);
    let event_map = map.clone();
    with_state(|s| s.gpio = Some(gpio::Mirror::new(chip, map)));
    with_hal(|_| ()); // the first sync
    pinloop_sched::wake::outside_source_started();
    std::thread::Builder::new()
        .name("pinloop-gpio".into())
        .spawn(move || {
            loop {
                match events.wait_event(std::time::Duration::from_secs(1)) {
                    Ok(Some(event)) => {
                        if let Some((pin, action)) = gpio::translate(&event_map, &event)
                            && let Err(message) =
                                outside::drive_from_thread("GPIO edge", &pin, action)
                        {
                            crate::report!("pinloop: --gpio: {message}");
                            return;
                        }
                    }
                    Ok(None) => {}
                    Err(message) => {
                        crate::report!("pinloop: --gpio: reading edge events: {message}");
                        return;
                    }
                }
            }
        })
        .map_err(|e| e.to_string())?;
    Ok(())
}

/// At exit: writes the VCD file and the displays' pictures, and removes
/// the control socket. False if some of pinloop's own output (the VCD, the
/// pin log, a picture) could not be written:
/// the program then ends with status 1.
pub fn finish(vm: &VirtualMachine) -> bool {
    control::remove_socket();
    uart_link::close();
    let pictures_saved = displays::save_at_exit(vm);
    let log_complete = !PIN_LOG_FAILED.load(std::sync::atomic::Ordering::SeqCst) && pictures_saved;
    let Some(path) = VCD_PATH.lock().unwrap_or_else(|e| e.into_inner()).take() else {
        return log_complete;
    };
    let text = with_state(|s| {
        let pins: Vec<(String, bool)> = (0..s.sim.pin_count())
            .map(|pin| (s.sim.name(pin).to_owned(), s.sim.level(pin)))
            .collect();
        let recorder = s.vcd.take().unwrap_or_default();
        let version = concat!("pinloop ", env!("CARGO_PKG_VERSION"));
        recorder.render(&s.sim.def().name, &pins, version)
    });
    if let Err(err) = crate::atomic_file::replace(std::path::Path::new(&path), text.as_bytes()) {
        crate::stdio::write_stderr(
            vm,
            &format!("pinloop: --vcd {path}: {err}: the recording is lost\n"),
        );
        return false;
    }
    log_complete
}

/// Removes the control socket, from any thread: what exit does when the VM
/// cannot (a signal that found it busy in native code).
pub fn finish_from_thread() {
    control::remove_socket();
    uart_link::close();
}

/// Writes a pin-log line for each edge of an output (the README's `--pin-log` format:
/// `<seconds, 6 decimals> <NAME> <value>`; LEDs as `LED<n>`).
fn log_outputs(edges: &[Edge], vm: &VirtualMachine) -> PyResult<()> {
    if PIN_LOG.lock().unwrap_or_else(|e| e.into_inner()).is_none() {
        return Ok(());
    }
    let mut text = String::new();
    with_hal(|sim| {
        for edge in edges {
            if sim.mode(edge.pin) == pinloop_board::Mode::Input {
                continue;
            }
            let pin_name = sim.name(edge.pin);
            let name = match sim.def().leds.iter().find(|l| l.pin == pin_name) {
                Some(led) => format!("LED{}", led.id),
                None => pin_name.to_owned(),
            };
            let seconds = clock::now_us() as f64 / 1e6;
            text += &format!("{seconds:.6} {name} {}\n", edge.rising as u8);
        }
    });
    write_log(&text, vm)
}

/// A pin's PWM output changed (`machine.PWM`): `Some((freq, duty))`, duty
/// from 0 to 1, or None when it stops. The pin log gets
/// `<seconds> X1 pwm 1000Hz 50.0%` (or `pwm off`), the VCD the pin's
/// `_duty` signal. The pin itself does not toggle. VM thread or a script's
/// thread.
pub fn pwm_output(pin: usize, output: Option<(f64, f64)>, vm: &VirtualMachine) -> PyResult<()> {
    let at_us = clock::now_us();
    let name = with_state(|s| {
        if let Some(recorder) = s.vcd.as_mut() {
            recorder.record_duty(vcd::DutyChange {
                at_us,
                pin,
                duty: output.map_or(0.0, |(_, duty)| duty),
            });
        }
        s.sim.name(pin).to_owned()
    });
    let seconds = at_us as f64 / 1e6;
    let line = match output {
        Some((freq, duty)) => format!("{seconds:.6} {name} pwm {freq}Hz {:.1}%\n", duty * 100.0),
        None => format!("{seconds:.6} {name} pwm off\n"),
    };
    write_log(&line, vm)
}

/// A pin-log line about `pin` now, `<seconds> <PIN> <what>` (a NeoPixel
/// frame, a bitstream). VM thread or a script's thread.
pub fn log_pin_event(pin: usize, what: &str, vm: &VirtualMachine) -> PyResult<()> {
    if PIN_LOG.lock().unwrap_or_else(|e| e.into_inner()).is_none() {
        return Ok(());
    }
    let name = with_hal(|sim| sim.name(pin).to_owned());
    let seconds = clock::now_us() as f64 / 1e6;
    write_log(&format!("{seconds:.6} {name} {what}\n"), vm)
}

/// Appends `text` to the pin log, if one is open.
fn write_log(text: &str, vm: &VirtualMachine) -> PyResult<()> {
    let mut log = PIN_LOG.lock().unwrap_or_else(|e| e.into_inner());
    let Some(target) = log.as_mut() else {
        return Ok(());
    };
    if text.is_empty() {
        return Ok(());
    }
    match target {
        PinLog::File(file) => {
            // Unbuffered: each line is in the file as soon as it happens,
            // so a kill loses none.
            use std::io::Write as _;
            if let Err(err) = file.write_all(text.as_bytes())
                && !PIN_LOG_FAILED.swap(true, std::sync::atomic::Ordering::SeqCst)
            {
                drop(log);
                crate::stdio::write_stderr(
                    vm,
                    &format!("pinloop: --pin-log: {err}: pin changes from here on are lost\n"),
                );
            }
            Ok(())
        }
        PinLog::Stdout => {
            drop(log);
            crate::stdio::write_stdout(vm, text)
        }
    }
}

/// IRQ triggers, as MicroPython numbers them.
pub const IRQ_FALLING: u32 = 1;
pub const IRQ_RISING: u32 = 2;

/// A handler attached to a pin's edges.
#[derive(Debug, Clone)]
pub struct Irq {
    pub handler: PyObjectRef,
    pub trigger: u32,
    pub hard: bool,
    /// What the handler receives (the Pin object; None: no argument).
    pub argument: Option<PyObjectRef>,
    /// The line printed above the traceback of an exception in it.
    pub header: String,
}

/// Callbacks due at board times: hardware timers.
#[derive(Debug, Clone)]
pub struct TimerSlot {
    pub callback: Option<PyObjectRef>,
    pub argument: PyObjectRef,
    pub period_us: u64,
    pub periodic: bool,
    /// Bumped by deinit/reinit, so stale timeline entries are ignored.
    pub generation: u32,
    /// The line printed above the traceback of an exception in it.
    pub header: String,
}

struct Hal {
    sim: Sim,
    irqs: HashMap<usize, Irq>,
    timers: Vec<TimerSlot>,
    timeline: timeline::Timeline,
    /// Edges and timer calls that came while `disable_irq` held them
    /// (`irq_gate`), one pending per pin or timer, as a board's flags.
    held_edges: Vec<Edge>,
    held_timers: Vec<(usize, u32)>,
    /// The board's UARTs the script has opened, by index.
    ports: Vec<serial::Port>,
    /// Every edge, for `--vcd`.
    vcd: Option<vcd::Recorder>,
    /// `--gpio`: the chip the board is mirrored onto.
    gpio: Option<gpio::Mirror>,
    /// Device models watching pins (an SPI chip's chip-select), by pin:
    /// called with the new level on every edge, before the IRQs.
    watches: HashMap<usize, Vec<PyObjectRef>>,
}

/// The board, one per process. A reentrant lock, so the VM thread and the
/// threads a script starts (`machine.Pin` from a `_thread` worker) share
/// it; the `RefCell` inside keeps the rule that no borrow is held across a
/// call into Python (breaking it panics, as before threads, rather than
/// deadlocking). Each closure passed to [`on_hal`] is short and calls no
/// Python, so a thread waits at most one HAL operation for another.
static HAL: ReentrantMutex<RefCell<Option<Hal>>> =
    parking_lot::const_reentrant_mutex(RefCell::new(None));

fn on_hal<R>(f: impl FnOnce(&RefCell<Option<Hal>>) -> R) -> R {
    f(&HAL.lock())
}

impl Hal {
    /// Does `action` to `pin` at board time `at_us`, as a stimulus or an
    /// outside source does: a press drives the pin to its active level and
    /// schedules the release `press_us` later. Returns the edges it made.
    fn act(&mut self, pin: usize, action: Action, at_us: u64, press_us: u64) -> Vec<Edge> {
        let drive = match action {
            Action::Press => {
                self.timeline
                    .push(at_us.saturating_add(press_us), HwEvent::Release { pin });
                Some(self.sim.active_level(pin))
            }
            Action::Release => None,
            Action::High => Some(true),
            Action::Low => Some(false),
            Action::Toggle => Some(!self.sim.level(pin)),
        };
        self.sim.drive(pin, drive)
    }
}

/// The VCD recording of a board that a reset ended, for the next one
/// ([`vcd::Recorder::save`]: by pin name).
static CARRIED_VCD: Mutex<Option<Vec<u8>>> = Mutex::new(None);

/// The first occurrence of `stimulus` at or after `now_us` (board time),
/// with its repeat number: a board built after a reset meets the bench
/// where it is, not its past again. None when all are past.
fn next_occurrence(stimulus: &pinloop_board::Stimulus, now_us: u64) -> Option<(u64, u32)> {
    if stimulus.at_us >= now_us {
        return Some((stimulus.at_us, 0));
    }
    let every = stimulus.every_us?.max(1);
    let repeat = (now_us - stimulus.at_us).div_ceil(every);
    let repeat = u32::try_from(repeat).ok()?;
    if stimulus.count.is_some_and(|count| repeat >= count) {
        return None;
    }
    Some((stimulus.at_us + u64::from(repeat) * every, repeat))
}

/// A reset ends the board: the next life builds a new one, and the VCD
/// recording goes on in it. VM thread only, as the life ends.
pub fn carry_over_reset() {
    let ended = on_hal(|h| h.borrow_mut().take());
    let saved = ended.and_then(|mut hal| {
        let recorder = hal.vcd.take()?;
        let names: Vec<String> = (0..hal.sim.pin_count())
            .map(|pin| hal.sim.name(pin).to_owned())
            .collect();
        Some(recorder.save(&names))
    });
    *CARRIED_VCD.lock().unwrap_or_else(|e| e.into_inner()) = saved;
}

/// Drops a board an earlier interpreter of this process left (one a reset
/// did not carry over): a new interpreter starts on a fresh board built
/// from the chosen definition. Called as a VM is built.
pub fn forget_board() {
    let left = on_hal(|h| h.borrow_mut().take());
    drop(left); // outside the lock: dropping it drops Python objects
}

/// What a device carries across the new process its soft reset starts
/// (`device/resume.rs`): the clock's origin and virtual time, so board
/// time goes on, and the VCD recording. Call after [`carry_over_reset`].
pub fn state_for_new_process() -> Vec<u8> {
    let (origin_ns, virtual_us) = clock::saved();
    let mut out = Vec::new();
    out.extend_from_slice(&origin_ns.to_le_bytes());
    out.extend_from_slice(&virtual_us.to_le_bytes());
    if let Some(vcd) = CARRIED_VCD
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_ref()
    {
        out.extend_from_slice(vcd);
    }
    out
}

/// Takes up [`state_for_new_process`]'s bytes in the new process, before
/// the board is built. False for bytes it did not make.
pub fn adopt_from_old_process(bytes: &[u8]) -> bool {
    let Some((origin, rest)) = bytes.split_first_chunk::<8>() else {
        return false;
    };
    let Some((virtual_us, vcd)) = rest.split_first_chunk::<8>() else {
        return false;
    };
    clock::resume(u64::from_le_bytes(*origin), u64::from_le_bytes(*virtual_us));
    *CARRIED_VCD.lock().unwrap_or_else(|e| e.into_inner()) = Some(vcd.to_vec());
    true
}

fn ensure() {
    let created = on_hal(|h| {
        let mut hal = h.borrow_mut();
        if hal.is_some() {
            return false;
        }
        let def = CHOSEN
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .unwrap_or_else(BoardDef::default_board);
        let mut timeline = timeline::Timeline::default();
        let now = clock::now_us();
        for (index, stimulus) in def.stimuli.iter().enumerate() {
            if let Some((at_us, repeat)) = next_occurrence(stimulus, now) {
                timeline.push(at_us, HwEvent::Stimulus { index, repeat });
            }
        }
        // A board restarted by a reset keeps recording into the same VCD.
        let carried_vcd = CARRIED_VCD.lock().unwrap_or_else(|e| e.into_inner()).take();
        let mut sim = Sim::new(def);
        let carried_vcd = carried_vcd
            .and_then(|bytes| vcd::Recorder::restore(&bytes, |name| sim.pin_id(name).ok()));
        *hal = Some(Hal {
            sim,
            irqs: HashMap::new(),
            timers: Vec::new(),
            timeline,
            held_edges: Vec::new(),
            held_timers: Vec::new(),
            watches: HashMap::new(),
            ports: Vec::new(),
            vcd: carried_vcd.or_else(|| {
                VCD_PATH
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .is_some()
                    .then(vcd::Recorder::default)
            }),
            gpio: None,
        });
        true
    });
    if created {
        irq_gate::reset();
        timeline::rearm_driver(); // the stimuli
    }
}

/// Runs `f` on the board state (no call into Python may happen inside).
/// With `--gpio`, the chip is brought in step with what `f` changed.
pub fn with_hal<R>(f: impl FnOnce(&mut Sim) -> R) -> R {
    ensure();
    on_hal(|h| {
        let mut guard = h.borrow_mut();
        let hal = guard.as_mut().expect("ensured");
        let result = f(&mut hal.sim);
        if let Some(mirror) = hal.gpio.as_mut() {
            mirror.sync(&mut hal.sim);
            for message in mirror.errors.drain(..) {
                crate::report!("pinloop: {message}");
            }
        }
        result
    })
}

fn with_state<R>(f: impl FnOnce(&mut Hal) -> R) -> R {
    ensure();
    on_hal(|h| f(h.borrow_mut().as_mut().expect("ensured")))
}

/// Whether a script has touched the board (nothing to fire otherwise).
fn started() -> bool {
    on_hal(|h| h.borrow().is_some())
}

pub fn set_irq(pin: usize, irq: Option<Irq>) {
    with_state(|s| match irq {
        Some(irq) => s.irqs.insert(pin, irq),
        None => s.irqs.remove(&pin),
    });
}

pub fn irq_of(pin: usize) -> Option<Irq> {
    with_state(|s| s.irqs.get(&pin).cloned())
}

/// Runs the handlers of `edges` (hard ones now, soft ones scheduled).
/// While interrupts are disabled a pin's matching edges wait as one
/// pending interrupt, as a board's pending flag does. From the VM thread
/// (`fire_due`, an outside source's VM call) or any thread of the script
/// (inside its pin write, or its `enable_irq`).
pub fn deliver_edges(edges: Vec<Edge>, vm: &VirtualMachine) -> PyResult<()> {
    if edges.is_empty() {
        return Ok(());
    }
    log_outputs(&edges, vm)?;
    with_state(|s| {
        if let Some(recorder) = s.vcd.as_mut() {
            let at_us = clock::now_us();
            for edge in &edges {
                recorder.record(vcd::Change {
                    at_us,
                    pin: edge.pin,
                    level: edge.rising,
                });
            }
        }
    });
    watch_edges(&edges, vm)?;
    for edge in edges {
        let Some(irq) = irq_of(edge.pin) else {
            continue;
        };
        let wanted = if edge.rising { IRQ_RISING } else { IRQ_FALLING };
        if irq.trigger & wanted == 0 {
            continue;
        }
        let runs = if irq.hard {
            irq_gate::enter_handler()
        } else {
            !irq_gate::is_disabled()
        };
        if !runs {
            with_state(|s| {
                if !s.held_edges.iter().any(|e| e.pin == edge.pin) {
                    s.held_edges.push(edge);
                }
            });
            continue;
        }
        if irq.hard {
            let ran = run_handler(&irq, edge.pin, vm);
            irq_gate::leave_handler();
            ran?;
        } else {
            let argument = irq.argument.clone().unwrap_or_else(|| vm.ctx.none());
            crate::scheduler::schedule_call(irq.handler.clone(), argument, vm)?;
        }
    }
    Ok(())
}

/// A device model watches `pin`: `callback(level)` on each of its edges
/// (`machine._watch_pin`). VM thread or a script's thread.
pub fn watch_pin(pin: usize, callback: PyObjectRef) {
    with_state(|s| s.watches.entry(pin).or_default().push(callback));
}

/// Tells the watching models of each edge, at once, on the thread that
/// made it (a chip sees its chip-select fall as it happens, whatever the
/// firmware's interrupts are doing). An exception is reported and the
/// edge goes on to the IRQs; SystemExit and KeyboardInterrupt go on.
fn watch_edges(edges: &[Edge], vm: &VirtualMachine) -> PyResult<()> {
    for edge in edges {
        let watching = with_state(|s| s.watches.get(&edge.pin).cloned());
        for callback in watching.into_iter().flatten() {
            let called = callback.call((edge.rising,), vm);
            vm_calls::settle_callback(vm, called, || {
                "pinloop: a device model watching a pin raised".to_owned()
            })?;
        }
    }
    Ok(())
}

/// Calls a hard handler. An exception is reported as MicroPython reports
/// it and disables that handler alone; SystemExit and KeyboardInterrupt
/// go on. On the thread [`deliver_edges`] runs on, inside `irq_gate`'s
/// handler section.
fn run_handler(irq: &Irq, pin: usize, vm: &VirtualMachine) -> PyResult<()> {
    let called = match &irq.argument {
        Some(argument) => irq.handler.call((argument.clone(),), vm),
        None => irq.handler.call((), vm),
    };
    if !vm_calls::settle_callback(vm, called, || irq.header.clone())? {
        set_irq(pin, None);
    }
    Ok(())
}

/// `machine.disable_irq()`: holds interrupts until `enable_irq`; returns
/// the previous state. Any thread (`irq_gate`: may wait for another
/// thread's critical section).
pub fn disable_irq() -> bool {
    irq_gate::disable()
}

/// `machine.enable_irq(state)`: delivers what was held, on this thread
/// (hard handlers) or the VM thread (soft). Any thread.
pub fn enable_irq(state: bool, vm: &VirtualMachine) -> PyResult<()> {
    if !irq_gate::enable(state) {
        return Ok(());
    }
    let (edges, timers) = with_state(|s| {
        (
            std::mem::take(&mut s.held_edges),
            std::mem::take(&mut s.held_timers),
        )
    });
    for (id, generation) in timers {
        call_timer(id, generation, vm)?;
    }
    deliver_edges(edges, vm)
}

/// Adds a timer; returns its slot.
pub fn add_timer(slot: TimerSlot) -> usize {
    with_state(|s| {
        s.timers.push(slot);
        s.timers.len() - 1
    })
}

/// (Re)starts timer `id`: first fire one period from now.
pub fn start_timer(id: usize, mut slot: TimerSlot) {
    with_state(|s| {
        slot.generation = s.timers[id].generation.wrapping_add(1);
        let due = clock::now_us().saturating_add(slot.period_us.max(1));
        let generation = slot.generation;
        s.timers[id] = slot;
        s.timeline.push(due, HwEvent::Timer { id, generation });
    });
    timeline::rearm_driver();
}

/// Stops timer `id` (entries already queued become stale).
pub fn stop_timer(id: usize) {
    with_state(|s| {
        let timer = &mut s.timers[id];
        timer.generation = timer.generation.wrapping_add(1);
        timer.callback = None;
    });
}

/// Changes a running timer's callback (pyb's `Timer.callback(f)`).
pub fn set_timer_callback(id: usize, callback: Option<PyObjectRef>) {
    with_state(|s| s.timers[id].callback = callback);
}

pub fn timer(id: usize) -> TimerSlot {
    with_state(|s| s.timers[id].clone())
}

/// The board's next timer or stimulus, in µs of the active clock.
pub fn next_deadline_us() -> Option<u64> {
    if !started() {
        return None;
    }
    on_hal(|h| h.borrow().as_ref().and_then(|s| s.timeline.next_key()))
}

/// Fires every timer and stimulus due when the call began, in time order.
/// What comes due while they run waits for the next call (the driver is
/// re-armed for it), so callbacks slower than their period still leave the
/// interrupted code time to run, and a Ctrl-C is seen between them. The
/// `--run-for` limit stops the program at the first one at or after it.
/// VM thread only: from a wait (`wait::step`) or the driver thread's VM
/// call, between two bytecodes.
pub fn fire_due(vm: &VirtualMachine) -> PyResult<()> {
    // A board's timer interrupt does not preempt its own handler: a call
    // that comes between two bytecodes of a callback this batch runs (the
    // driver's, or a wait inside the callback) leaves the rest to this
    // batch and the driver re-armed after it. Nested batches would starve
    // the interrupted code once callbacks are slower than their period.
    static FIRING: AtomicBool = AtomicBool::new(false);
    if !started() || FIRING.swap(true, Ordering::Acquire) {
        return Ok(());
    }
    let fired = fire_batch(vm);
    FIRING.store(false, Ordering::Release);
    fired
}

fn fire_batch(vm: &VirtualMachine) -> PyResult<()> {
    let now = clock::now_us();
    while let Some((key, event)) = on_hal(|h| {
        h.borrow_mut()
            .as_mut()
            .and_then(|s| s.timeline.pop_due(now))
    }) {
        if !clock::may_run_at(key) {
            crate::wait::stop_at_run_for(vm);
        }
        match event {
            HwEvent::Timer { id, generation } => fire_timer(id, generation, key, vm)?,
            HwEvent::Stimulus { index, repeat } => fire_stimulus(index, repeat, key, vm)?,
            HwEvent::Release { pin } => {
                let edges = with_hal(|sim| sim.drive(pin, None));
                deliver_edges(edges, vm)?;
            }
            HwEvent::UartByte { port } => finish_uart_byte(port, key, vm)?,
        }
    }
    if !clock::is_virtual() {
        timeline::pace_after_batch(now);
    }
    timeline::rearm_driver();
    Ok(())
}

fn fire_timer(id: usize, generation: u32, key: u64, vm: &VirtualMachine) -> PyResult<()> {
    let live = with_state(|s| {
        let timer = &s.timers[id];
        if timer.generation != generation {
            return false;
        }
        if timer.periodic {
            // The next period counts from this one's due time: no drift.
            // Periods already missed (callbacks slower than the period)
            // fold into this call, as a hardware timer's one pending flag
            // does: the next call is the first period boundary still ahead.
            let period = timer.period_us.max(1);
            let mut next = key.saturating_add(period);
            let now = clock::now_us();
            if next <= now {
                next = next.saturating_add((now - next) / period * period + period);
            }
            s.timeline.push(next, HwEvent::Timer { id, generation });
        }
        true
    });
    if !live {
        return Ok(());
    }
    call_timer(id, generation, vm)
}

/// Calls timer `id`'s callback, as a hard handler (`irq_gate`): held while
/// interrupts are disabled, one pending call per timer. Any thread.
fn call_timer(id: usize, generation: u32, vm: &VirtualMachine) -> PyResult<()> {
    if !irq_gate::enter_handler() {
        with_state(|s| {
            if !s.held_timers.iter().any(|(held, _)| *held == id) {
                s.held_timers.push((id, generation));
            }
        });
        return Ok(());
    }
    let slot = with_state(|s| s.timers[id].clone());
    let called = match slot.callback.clone() {
        Some(callback) if slot.generation == generation => {
            crate::callback_interrupt::run(vm, || callback.call((slot.argument.clone(),), vm))
        }
        _ => Ok(vm.ctx.none()),
    };
    irq_gate::leave_handler();
    if !vm_calls::settle_callback(vm, called, || slot.header.clone())? {
        // As on a board: the failing callback is switched off, nothing else.
        set_timer_callback(id, None);
    }
    Ok(())
}

fn fire_stimulus(index: usize, repeat: u32, key: u64, vm: &VirtualMachine) -> PyResult<()> {
    let edges = with_state(|s| {
        let stimulus = s.sim.def().stimuli[index].clone();
        let pin_name = s
            .sim
            .def()
            .stimulus_pin(&stimulus.pin)
            .unwrap_or(stimulus.pin.clone());
        let Ok(pin) = s.sim.pin_id(&pin_name) else {
            return Vec::new();
        };
        if let Some(every) = stimulus.every_us
            && stimulus.count.is_none_or(|count| repeat + 1 < count)
        {
            let next = key.saturating_add(every.max(1));
            s.timeline.push(
                next,
                HwEvent::Stimulus {
                    index,
                    repeat: repeat + 1,
                },
            );
        }
        s.act(pin, stimulus.action, key, stimulus.press_us)
    });
    deliver_edges(edges, vm)
}

/// The port of UART `id`, opened (its pins looked up) on first use.
/// Errors name the UARTs the board has.
pub fn open_port(id: u32) -> Result<usize, String> {
    with_state(|s| {
        if let Some(index) = s.ports.iter().position(|p| p.id == id) {
            return Ok(index);
        }
        let def = s.sim.def();
        let Some(uart) = def.uarts.iter().find(|u| u.id == id).cloned() else {
            let mut ids: Vec<String> = def.uarts.iter().map(|u| u.id.to_string()).collect();
            ids.sort();
            return Err(format!(
                "UART({id}) doesn't exist on board '{}'; its UARTs are: {}",
                def.name,
                if ids.is_empty() {
                    "none".to_owned()
                } else {
                    ids.join(", ")
                }
            ));
        };
        let tx = s.sim.pin_id(&uart.tx).map_err(|e| e.to_string())?;
        let rx = s.sim.pin_id(&uart.rx).map_err(|e| e.to_string())?;
        s.ports.push(serial::Port::new(id, tx, rx));
        Ok(s.ports.len() - 1)
    })
}

/// Runs `f` on port `index` (no call into Python may happen inside).
pub(crate) fn with_port<R>(index: usize, f: impl FnOnce(&mut serial::Port) -> R) -> R {
    with_state(|s| f(&mut s.ports[index]))
}

/// Hands `data` to port `index`'s transmitter (see [`serial`]).
pub(crate) fn queue_uart(index: usize, data: &[u8]) {
    let first_due = with_state(|s| {
        let due = s.ports[index].queue(data, clock::now_us())?;
        s.timeline.push(due, HwEvent::UartByte { port: index });
        Some(due)
    });
    if first_due.is_some() {
        timeline::rearm_driver();
    }
}

/// Bytes from outside (`--uart`) reach UART `id`'s receiver, if the
/// firmware has opened it. VM thread.
fn receive_from_outside(id: u32, bytes: &[u8]) {
    with_state(|s| {
        if let Some(port) = s.ports.iter_mut().find(|p| p.id == id) {
            for &byte in bytes {
                port.receive(byte);
            }
        }
    });
}

/// A byte finished on port `index`'s TX pin at `key`: it reaches every
/// open port whose RX pin shares the net; the next byte starts.
fn finish_uart_byte(index: usize, key: u64, vm: &VirtualMachine) -> PyResult<()> {
    let logged = with_state(|s| {
        let (byte, started, next) = s.ports[index].finish_byte(key)?;
        if let Some(next) = next {
            s.timeline.push(next, HwEvent::UartByte { port: index });
        }
        let tx = s.ports[index].tx_pin;
        for p in 0..s.ports.len() {
            if s.sim.same_net(s.ports[p].rx_pin, tx) {
                s.ports[p].receive(byte);
            }
        }
        uart_link::transmitted(s.ports[index].id, byte);
        started.map(|write| (s.ports[index].id, write))
    });
    let Some((id, write)) = logged else {
        return Ok(());
    };
    if PIN_LOG.lock().unwrap_or_else(|e| e.into_inner()).is_none() {
        return Ok(());
    }
    let seconds = key as f64 / 1e6;
    let text = format!("{seconds:.6} UART{id}.tx {}\n", serial::bytes_repr(&write));
    write_log(&text, vm)
}

/// What MicroPython prints above the traceback of an exception in a
/// `machine` IRQ handler (which it then disables).
pub const PIN_IRQ_HEADER: &str = "Uncaught exception in IRQ callback handler";
