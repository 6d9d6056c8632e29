//! `--device LINK`: pinloop as a board on a serial port. A pseudo-terminal
//! ([`pty`]) carries MicroPython's REPL protocols ([`protocol`]), so the
//! real `mpremote` runs code, copies files and soft-resets it.
//!
//! Threads: a reader thread owns the protocol: it reads what the host
//! sends, answers what needs answering at once (echo, `OK`, raw-paste flow
//! control) and queues requests for the interpreter, which runs on a
//! thread of its own. A soft reset starts from nothing: the process
//! replaces itself with a fresh one that keeps the pty and the queue
//! ([`resume`]; RustPython leaks a dropped interpreter), so the VM, the
//! heap and all the state an interpreter owns (asyncio, the board) are new; `boot.py`
//! runs again, and `main.py` unless the reset came from the raw REPL (as
//! on MicroPython's ports).

use pinloop_device::pty;
pub mod resume;
mod stdio;

use std::fs::File;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};

use rustpython_vm::{PyResult, VirtualMachine};

use pinloop_device::protocol::{Protocol, Request};

/// What the reader thread hands the interpreter's thread, in order: bytes
/// to send (so replies never overtake the output of code still running,
/// as on a board, where one thread does both) and requests.
enum Message {
    Send(Vec<u8>),
    Do(Request),
}

use crate::{compile, interp, prompt, traceback};

const BANNER: &str = concat!(
    "pinloop ",
    env!("CARGO_PKG_VERSION"),
    " (MicroPython-compatible asyncio on RustPython) as a device\r\n",
    "Ctrl-A raw REPL, Ctrl-B friendly REPL, Ctrl-C interrupt, Ctrl-D soft reset, ",
    "Ctrl-E paste mode\r\n"
);

/// How a device runs.
#[derive(Debug, Clone)]
pub struct DeviceOptions {
    /// The symlink to the pty's slave.
    pub link: PathBuf,
    /// The device's filesystem root.
    pub fs: PathBuf,
    /// The board, chosen again at each soft reset.
    pub board: Option<pinloop_board::BoardDef>,
    /// `--control` and `--signal`: started once per process (a soft reset
    /// starts a fresh process, which starts them again).
    pub backends: crate::hal::Backends,
}

/// Writes to the host: the pty's master, shared by the reader thread and
/// the interpreter.
#[derive(Clone)]
struct HostWriter(Arc<Mutex<File>>);

/// How long output may wait for a host that does not read before it is
/// dropped (as a board's USB serial drops what no host collects).
const SEND_PATIENCE: std::time::Duration = std::time::Duration::from_secs(2);

impl HostWriter {
    fn send(&self, bytes: &[u8]) {
        use std::os::fd::AsRawFd as _;
        let mut file = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let started = std::time::Instant::now();
        if std::env::var_os("PINLOOP_DEVICE_TRACE").is_some() {
            crate::report!("-> {:?}", String::from_utf8_lossy(bytes));
        }
        let mut rest = bytes;
        while !rest.is_empty() {
            match file.write(rest) {
                Ok(n) => rest = &rest[n..],
                Err(err) if err.kind() == std::io::ErrorKind::WouldBlock => {
                    if started.elapsed() > SEND_PATIENCE {
                        return;
                    }
                    wait_for(file.as_raw_fd(), libc::POLLOUT, 100);
                }
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return,
            }
        }
    }

    /// Text as a board's REPL sends it: every `\n` as `\r\n`.
    fn send_text(&self, text: &str) {
        let cooked = text.replace("\r\n", "\n").replace('\n', "\r\n");
        self.send(cooked.as_bytes());
    }
}

/// What a device's VM thread holds of its link: the writer, the protocol
/// (its standard input and interrupt character) and the queue it reads
/// (to give the REPL what running code left unread).
struct Link {
    writer: HostWriter,
    protocol: Arc<Mutex<Protocol>>,
    queue: Sender<Message>,
}

/// The current incarnation's link, process-wide so that the threads a
/// script starts print to the host too. Locked only to send or to reach
/// the protocol (the protocol's lock is taken inside this one, never the
/// other way round).
static LINK: Mutex<Option<Link>> = Mutex::new(None);

fn link<R>(f: impl FnOnce(Option<&Link>) -> R) -> R {
    f(LINK.lock().unwrap_or_else(|e| e.into_inner()).as_ref())
}

thread_local! {
    /// The queue from the reader thread, owned by the incarnation's VM
    /// thread while it runs (the prompt loop and `input()` read it).
    static INCOMING: std::cell::RefCell<Option<Receiver<Message>>> =
        const { std::cell::RefCell::new(None) };
}

/// Sends bytes to the host. Any thread.
fn send_to_host(bytes: &[u8]) {
    link(|link| {
        if let Some(link) = link {
            link.writer.send(bytes);
        }
    });
}

/// Runs `f` on the device's protocol, locked (without a device, `f` sees
/// a fresh protocol). Any thread.
fn with_protocol<T>(f: impl FnOnce(&mut Protocol) -> T) -> T {
    link(|link| match link {
        Some(link) => f(&mut link.protocol.lock().unwrap_or_else(|e| e.into_inner())),
        None => f(&mut Protocol::default()),
    })
}

/// `micropython.kbd_intr` on a device: the byte that interrupts running
/// code (-1: none). Device VM thread only.
fn set_interrupt_char(character: i32) {
    let character = u8::try_from(character).ok();
    with_protocol(|p| p.set_interrupt_char(character));
}

/// Feeds host bytes to the protocol a byte at a time, so each reply keeps
/// its place among the requests (a prompt printed for an Enter comes before
/// the raw banner a Ctrl-A after it asks for); Ctrl-C interrupts at once.
/// Err when the queue is closed.
fn feed_in_order(protocol: &mut Protocol, bytes: &[u8], queue: &Sender<Message>) -> Result<(), ()> {
    let mut pending = Vec::new();
    for &byte in bytes {
        let out = protocol.feed(&[byte]);
        pending.extend_from_slice(&out.reply);
        for request in out.requests {
            if request == Request::Interrupt {
                interrupt();
                continue;
            }
            if !pending.is_empty() {
                queue
                    .send(Message::Send(std::mem::take(&mut pending)))
                    .map_err(|_| ())?;
            }
            queue.send(Message::Do(request)).map_err(|_| ())?;
        }
    }
    if !pending.is_empty() {
        queue.send(Message::Send(pending)).map_err(|_| ())?;
    }
    Ok(())
}

/// Starts `--control` and `--signal` the first time a VM of this process
/// is up (they serve whichever VM is current); a failure is reported on
/// the device's line and on standard error, and the device runs on.
fn start_backends_once(backends: &crate::hal::Backends, writer: &HostWriter) {
    static STARTED: std::sync::Once = std::sync::Once::new();
    STARTED.call_once(|| {
        if let Err(message) = crate::hal::start_backends(backends) {
            crate::report!("pinloop: {message}");
            writer.send_text(&format!("pinloop: {message}\n"));
        }
    });
}

/// The next message from the host, for the prompt: while none comes, the
/// VM thread serves VM calls (the control socket, host signals, interrupt
/// handlers of timers set at the prompt), as a board runs them at its REPL.
fn next_message_serving(vm: &VirtualMachine) -> Result<Message, ()> {
    loop {
        let next = INCOMING.with(|i| i.borrow().as_ref().map(Receiver::try_recv));
        match next {
            None | Some(Err(mpsc::TryRecvError::Disconnected)) => return Err(()),
            Some(Ok(message)) => return Ok(message),
            Some(Err(mpsc::TryRecvError::Empty)) => {}
        }
        if let Err(exc) = crate::interrupt::check(vm) {
            traceback::print_exception(vm, &exc);
        }
        pinloop_sched::wake::wait(Some(std::time::Duration::from_secs(1)));
    }
}

impl std::fmt::Debug for HostWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HostWriter")
    }
}

/// Runs the device until the process is stopped; returns the exit status.
pub fn run(options: DeviceOptions, config: interp::InterpConfig) -> i32 {
    crate::hal::reset::restart_as_device();
    crate::keyboard::route_interrupt_char(set_interrupt_char);
    let carried = resume::take();
    if carried.is_some() {
        crate::hal::reset::note_restart(crate::hal::reset::Reset::Soft);
    }
    let (pty, protocol, queued) = match carried {
        Some(c) => {
            // Board time and the VCD recording go on; the RTC keeps its
            // time of day, as on a board.
            if !crate::hal::adopt_from_old_process(&c.board) {
                crate::report!("pinloop: --device: the board's state was not carried over");
            }
            crate::clock::set_epoch_now(c.time_of_day_ns as i128);
            (
                // SAFETY: the previous process of this device left these two
                // descriptors open for this one, and only this Pty takes them.
                unsafe { pty::Pty::adopt(c.master, c.slave, c.slave_path, &options.link) },
                c.protocol,
                c.messages,
            )
        }
        None => match pty::Pty::open(&options.link) {
            Ok(pty) => {
                crate::report!(
                    "pinloop: device on {} ({}), filesystem {}",
                    options.link.display(),
                    pty.slave_path.display(),
                    options.fs.display()
                );
                (pty, Protocol::default(), Vec::new())
            }
            Err(err) => {
                crate::report!("pinloop: --device {}: {err}", options.link.display());
                return crate::run::EXIT_USAGE;
            }
        },
    };
    if let Err(err) = set_nonblocking(&pty.master) {
        crate::report!("pinloop: --device: {err}");
        return 1;
    }
    let writer = match pty.master.try_clone() {
        Ok(file) => HostWriter(Arc::new(Mutex::new(file))),
        Err(err) => {
            crate::report!("pinloop: --device: {err}");
            return 1;
        }
    };
    let protocol = Arc::new(Mutex::new(protocol));
    let (requests, mut incoming) = mpsc::channel();
    // What the previous process had queued comes first; kept to give back
    // what a soft reset took out if the new process cannot start.
    let requeue = requests.clone();
    for message in queued {
        let _ = requeue.send(message);
    }
    let reader = {
        let protocol = Arc::clone(&protocol);
        let mut master = match pty.master.try_clone() {
            Ok(file) => file,
            Err(err) => {
                crate::report!("pinloop: --device: {err}");
                return 1;
            }
        };
        std::thread::Builder::new()
            .name("pinloop-device".into())
            .spawn(move || {
                use std::os::fd::AsRawFd as _;
                let mut buf = [0u8; 4096];
                loop {
                    wait_for(master.as_raw_fd(), libc::POLLIN, 1000);
                    // Read, fed and queued under the protocol's lock: a soft
                    // reset that holds it sees every byte read so far as
                    // queued messages ([`resume`]).
                    let mut protocol = protocol.lock().unwrap_or_else(|e| e.into_inner());
                    let n = match master.read(&mut buf) {
                        Ok(0) => continue,
                        Err(err) if err.kind() == std::io::ErrorKind::WouldBlock => continue,
                        Err(_) => {
                            // Not expected while we hold the slave; do not spin.
                            std::thread::sleep(std::time::Duration::from_millis(20));
                            continue;
                        }
                        Ok(n) => n,
                    };
                    if std::env::var_os("PINLOOP_DEVICE_TRACE").is_some() {
                        crate::report!("<- {:?}", String::from_utf8_lossy(&buf[..n]));
                    }
                    if feed_in_order(&mut protocol, &buf[..n], &requests).is_err() {
                        return;
                    }
                    drop(protocol);
                    // The prompt and stdin reads wait on the VM thread's
                    // wake-up.
                    pinloop_sched::wake::notify();
                }
            })
    };
    if let Err(err) = reader {
        crate::report!("pinloop: --device: {err}");
        return 1;
    }
    loop {
        let incarnation = {
            let writer = writer.clone();
            let protocol = Arc::clone(&protocol);
            let options = options.clone();
            let config = config.clone();
            let queue = requeue.clone();
            crate::memory::spawn_vm_thread(move || {
                INCOMING.with(|i| *i.borrow_mut() = Some(incoming));
                *LINK.lock().unwrap_or_else(|e| e.into_inner()) = Some(Link {
                    writer: writer.clone(),
                    protocol: Arc::clone(&protocol),
                    queue,
                });
                let outcome = incarnation(&options, &config, &writer, &protocol);
                if matches!(outcome, Ended::SoftReset) {
                    // The recording leaves with this board (thread).
                    crate::hal::carry_over_reset();
                }
                let incoming = INCOMING
                    .with(|i| i.borrow_mut().take())
                    .expect("the incarnation keeps the queue it was given");
                (outcome, incoming)
            })
        };
        let Some(handle) = incarnation else {
            return 1;
        };
        match handle.join() {
            Ok((Ended::SoftReset, back)) => {
                incoming = back;
                writer.send(b"MPY: soft reboot\r\n");
                let state = protocol.lock().unwrap_or_else(|e| e.into_inner());
                let taken: Vec<Message> = incoming.try_iter().collect();
                let (master, slave) = pty.descriptors();
                let err = resume::exec_fresh(master, slave, &pty.slave_path, &state, &taken);
                // Still here: this process carries on with a new interpreter
                // (and RustPython's leak), the queue as it was.
                crate::report!("pinloop: --device: soft reset in this process: {err}");
                for message in taken {
                    let _ = requeue.send(message);
                }
            }
            Ok((Ended::Closed, _)) => return 0,
            Err(_) => {
                crate::report!(
                    "pinloop: internal error: the VM thread panicked (please report this)"
                );
                return 1;
            }
        }
    }
}

/// Output must not block the interpreter on a host that does not read.
fn set_nonblocking(file: &File) -> std::io::Result<()> {
    use std::os::fd::AsRawFd as _;
    let fd = file.as_raw_fd();
    // SAFETY: fcntl on a descriptor we own, reading then setting its flags;
    // no memory is passed.
    unsafe {
        let flags = libc::fcntl(fd, libc::F_GETFL);
        if flags < 0 || libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK) < 0 {
            return Err(std::io::Error::last_os_error());
        }
    }
    Ok(())
}

/// Waits until `fd` is ready for `events` or `timeout_ms` pass.
fn wait_for(fd: i32, events: libc::c_short, timeout_ms: i32) {
    let mut poll_fd = libc::pollfd {
        fd,
        events,
        revents: 0,
    };
    // SAFETY: `poll_fd` is a live local the kernel reads and writes only
    // during the call; one entry is passed.
    unsafe {
        libc::poll(&mut poll_fd, 1, timeout_ms);
    }
}

/// Ctrl-C from the host: KeyboardInterrupt in the running code.
fn interrupt() {
    crate::callback_interrupt::note_ctrl_c();
    if let Some(caller) = crate::vm_calls::current() {
        let _ = caller.call("Ctrl-C", |vm| {
            if crate::callback_interrupt::take_delivered() {
                return Ok(()); // a callback the VM ran has raised it already
            }
            Err(vm.new_exception_empty(vm.ctx.exceptions.keyboard_interrupt.to_owned()))
        });
    }
}

enum Ended {
    SoftReset,
    Closed,
}

/// One life of the interpreter: from a fresh VM to the next soft reset.
fn incarnation(
    options: &DeviceOptions,
    config: &interp::InterpConfig,
    writer: &HostWriter,
    protocol: &Arc<Mutex<Protocol>>,
) -> Ended {
    if let Some(board) = &options.board {
        crate::hal::choose_board(board.clone());
    }
    let runtime = match interp::build(config) {
        Ok(built) => built,
        Err(text) => {
            writer.send_text(&format!("pinloop: interpreter setup failed\n{text}"));
            return Ended::Closed;
        }
    };
    crate::heap_limit::count_from_here();
    start_backends_once(&options.backends, writer);
    runtime.enter(|vm| {
        if let Err(exc) = setup(vm, &options.fs) {
            writer.send_text(&traceback::format_exception(vm, &exc));
        }
        // While code runs, input is its stdin; what it leaves goes to the
        // REPL after it, in order.
        let busy = |on: bool| {
            link(|link| {
                let mut protocol = protocol.lock().unwrap_or_else(|e| e.into_inner());
                if on {
                    protocol.start_busy();
                } else {
                    let left = protocol.finish_busy();
                    if let Some(link) = link {
                        let _ = feed_in_order(&mut protocol, &left, &link.queue);
                    }
                }
            })
        };
        // A prompt starts a line in the protocol's editor (which redraws it
        // after a completion listing), with the auto-indent in it.
        let show_prompt = |prompt: &[u8], indent: &str| {
            let bytes = protocol
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .begin_line(prompt, indent);
            writer.send(&bytes);
        };
        // As MicroPython's ports: boot.py always, main.py only when the
        // reset came from the friendly REPL (a soft reset from the raw REPL,
        // as mpremote makes, must not start a main.py that may lock it out).
        let raw = protocol.lock().unwrap_or_else(|e| e.into_inner()).is_raw();
        let scripts: &[&str] = if raw {
            &["boot.py"]
        } else {
            &["boot.py", "main.py"]
        };
        for script in scripts {
            let path = options.fs.join(script);
            if let Ok(source) = std::fs::read_to_string(&path) {
                busy(true);
                let outcome = run_source(vm, &source, script);
                busy(false);
                if let Err(exc) = outcome {
                    traceback::print_exception(vm, &exc);
                }
            }
        }
        let raw = protocol.lock().unwrap_or_else(|e| e.into_inner()).is_raw();
        if raw {
            writer.send(pinloop_device::protocol::RAW_BANNER);
        } else {
            writer.send_text(BANNER);
            show_prompt(b">>> ", "");
        }
        let scope = match prompt::main_module_scope(vm) {
            Ok(scope) => scope,
            Err(exc) => {
                writer.send_text(&traceback::format_exception(vm, &exc));
                return Ended::Closed;
            }
        };
        let mut lines = prompt::LineRepl::default();
        loop {
            let request = match next_message_serving(vm) {
                Ok(Message::Send(bytes)) => {
                    writer.send(&bytes);
                    continue;
                }
                Ok(Message::Do(request)) => request,
                Err(_) => return Ended::Closed,
            };
            match request {
                Request::SoftReset => {
                    protocol
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .reset_input();
                    return Ended::SoftReset;
                }
                Request::Friendly => {
                    writer.send_text(BANNER);
                    show_prompt(b">>> ", "");
                }
                Request::Cancel => {
                    lines.cancel();
                    show_prompt(b">>> ", "");
                }
                Request::Complete(before) => {
                    if let Some(word) = crate::completion::word_before(&before) {
                        let names = crate::completion::names_for(vm, &word.base, &word.prefix);
                        let echo = protocol
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .complete(&word.prefix, &names);
                        writer.send(&echo);
                    }
                }
                Request::Interrupt => {}
                Request::Line(line) => {
                    busy(true);
                    let outcome = lines.feed(vm, &scope, &line);
                    busy(false);
                    match outcome {
                        Ok(true) => show_prompt(b"... ", &prompt::next_indent(&line)),
                        Ok(false) => show_prompt(b">>> ", ""),
                        Err(_) => return Ended::SoftReset, // sys.exit() at the prompt
                    }
                }
                Request::Paste(text) => {
                    busy(true);
                    let outcome = run_source(vm, &text, "<stdin>");
                    busy(false);
                    if let Err(exc) = outcome {
                        if crate::run::is_system_exit(vm, &exc) {
                            return Ended::SoftReset;
                        }
                        traceback::print_exception(vm, &exc);
                    }
                    show_prompt(b">>> ", "");
                }
                Request::Raw(code) => {
                    let source = String::from_utf8_lossy(&code).into_owned();
                    busy(true);
                    let outcome = run_source(vm, &source, "<stdin>");
                    busy(false);
                    writer.send(b"\x04");
                    if let Err(exc) = outcome
                        && !crate::run::is_system_exit(vm, &exc)
                    {
                        writer.send_text(&traceback::format_exception(vm, &exc));
                    }
                    writer.send(b"\x04>");
                }
            }
        }
    })
}

/// The device's I/O and filesystem: stdout and stderr go to the host, and
/// `os`/`open` see the `--fs` folder as `/` (as `pinloop DIR` does).
fn setup(vm: &VirtualMachine, fs: &Path) -> PyResult<()> {
    stdio::install(vm)?;
    crate::project::mount(vm, fs)?;
    crate::hal::attach_board_devices(vm)
}

/// True in a device's process (`--device`), on any of its threads.
pub fn is_device() -> bool {
    link(|link| link.is_some())
}

/// Runs a block of source in `__main__` (exec mode).
fn run_source(vm: &VirtualMachine, source: &str, file_name: &str) -> PyResult<()> {
    let code = compile::compile(vm, source, file_name, compile::Mode::Exec)?;
    let scope = prompt::main_module_scope(vm)?;
    vm.run_code_obj(code, scope)?;
    Ok(())
}
