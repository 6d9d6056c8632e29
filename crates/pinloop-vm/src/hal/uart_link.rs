//! `--uart ID=SPEC`: a board UART's line carried out of the process, so
//! the firmware talks to a terminal (`pty:LINK`), a test, a real serial
//! device or a second pinloop (one `listen:`s, the other connects with
//! `tcp:`). What
//! the firmware's UART(ID) sends goes out byte by byte as its line
//! finishes each; what comes in is received by UART(ID), as from a chip
//! wired to its RX pin (a UART not yet initialised hears nothing, as on a
//! board). Bytes arrive as fast as the link brings them.
//!
//! Threads: one reader and one writer per link, started once per process
//! (they outlive a project's resets); the reader hands bytes to the VM
//! thread through `vm_calls`. [`transmitted`] is called on the VM thread.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use pinloop_board::serial::UartLink;

/// The outgoing side of each link: UART id and its writer thread's queue.
static OUTGOING: Mutex<Vec<(u32, mpsc::Sender<u8>)>> = Mutex::new(Vec::new());
/// Any link at all (the transmit path's fast check).
static ANY: AtomicBool = AtomicBool::new(false);
/// The `pty:` links' pseudo-terminals, kept open.
static PTYS: Mutex<Vec<pinloop_device::pty::Pty>> = Mutex::new(Vec::new());
/// Bytes handed to a writer thread and not yet written out.
static UNSENT: AtomicUsize = AtomicUsize::new(0);

/// How long exit waits for the links to take what the firmware sent.
const FLUSH_GRACE: Duration = Duration::from_secs(2);

/// At exit: waits (briefly) until every byte the firmware sent has left
/// for its link, so the last reply is not cut off, then removes the
/// `pty:` links' symlinks.
pub fn close() {
    let deadline = std::time::Instant::now() + FLUSH_GRACE;
    while UNSENT.load(Ordering::Acquire) > 0 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(1));
    }
    PTYS.lock().unwrap_or_else(|e| e.into_inner()).clear();
}

/// How long `tcp:` keeps trying to reach its listener at start (the other
/// pinloop may start a moment later).
const CONNECT_PATIENCE: Duration = Duration::from_secs(10);

/// Opens the link for UART `id` (the board must have it); the error is a
/// usage error's message.
pub fn start(id: u32, link: &UartLink, board_uarts: &[u32]) -> Result<(), String> {
    let spec = |what: &str| format!("--uart {id}={what}");
    if !board_uarts.contains(&id) {
        let ids: Vec<String> = board_uarts.iter().map(u32::to_string).collect();
        return Err(format!(
            "--uart {id}: the board has no UART {id}; its UARTs: {}",
            if ids.is_empty() {
                "none".into()
            } else {
                ids.join(", ")
            }
        ));
    }
    let (sender, outgoing) = mpsc::channel::<u8>();
    match link {
        UartLink::Listen(address) => {
            let listener = TcpListener::bind(address)
                .map_err(|e| format!("{}: {e}", spec(&format!("listen:{address}"))))?;
            std::thread::spawn(move || serve_listener(id, listener, outgoing));
        }
        UartLink::Connect(address) => {
            let address = address.clone();
            std::thread::spawn(move || match connect_patiently(&address) {
                Ok(stream) => carry(id, stream, outgoing),
                Err(err) => {
                    crate::report!("pinloop: --uart {id}=tcp:{address}: cannot connect: {err}")
                }
            });
        }
        UartLink::Pty(link) => {
            let pty = pinloop_device::pty::Pty::open(std::path::Path::new(link))
                .map_err(|e| format!("{}: {e}", spec(&format!("pty:{link}"))))?;
            let reader = pty
                .master
                .try_clone()
                .map_err(|e| format!("{}: {e}", spec(link)))?;
            let writer = pty
                .master
                .try_clone()
                .map_err(|e| format!("{}: {e}", spec(link)))?;
            // The pty (its slave kept open, its symlink removed when it
            // drops) lives as long as the process.
            PTYS.lock().unwrap_or_else(|e| e.into_inner()).push(pty);
            std::thread::spawn(move || write_out(writer, outgoing));
            std::thread::spawn(move || read_in(id, reader));
        }
        UartLink::Serial(path) => {
            let file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open(path)
                .map_err(|e| format!("{}: {e}", spec(&format!("serial:{path}"))))?;
            make_raw(&file);
            let reader = file
                .try_clone()
                .map_err(|e| format!("{}: {e}", spec(path)))?;
            std::thread::spawn(move || write_out(file, outgoing));
            std::thread::spawn(move || read_in(id, reader));
        }
    }
    OUTGOING
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push((id, sender));
    ANY.store(true, Ordering::Release);
    Ok(())
}

/// UART `id` finished sending `byte` on its line. VM thread.
pub fn transmitted(id: u32, byte: u8) {
    if !ANY.load(Ordering::Acquire) {
        return;
    }
    for (link_id, sender) in OUTGOING.lock().unwrap_or_else(|e| e.into_inner()).iter() {
        if *link_id == id {
            UNSENT.fetch_add(1, Ordering::AcqRel);
            if sender.send(byte).is_err() {
                UNSENT.fetch_sub(1, Ordering::AcqRel);
            }
        }
    }
}

fn connect_patiently(address: &str) -> std::io::Result<TcpStream> {
    let deadline = std::time::Instant::now() + CONNECT_PATIENCE;
    loop {
        match TcpStream::connect(address) {
            Ok(stream) => return Ok(stream),
            Err(err) if std::time::Instant::now() >= deadline => return Err(err),
            Err(_) => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

/// One client at a time; bytes sent while none is connected are lost, as
/// on a line nobody listens to.
fn serve_listener(id: u32, listener: TcpListener, outgoing: mpsc::Receiver<u8>) {
    let client: std::sync::Arc<Mutex<Option<TcpStream>>> = Default::default();
    let sending_to = client.clone();
    std::thread::spawn(move || {
        while let Ok(byte) = outgoing.recv() {
            let mut chunk = vec![byte];
            chunk.extend(outgoing.try_iter());
            if let Some(stream) = sending_to
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .as_mut()
            {
                let _ = stream.write_all(&chunk);
            }
            UNSENT.fetch_sub(chunk.len(), Ordering::AcqRel);
        }
    });
    for stream in listener.incoming().flatten() {
        let _ = stream.set_nodelay(true);
        if let Ok(writer) = stream.try_clone() {
            *client.lock().unwrap_or_else(|e| e.into_inner()) = Some(writer);
        }
        read_in(id, stream);
        *client.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

fn carry(id: u32, stream: TcpStream, outgoing: mpsc::Receiver<u8>) {
    let _ = stream.set_nodelay(true);
    if let Ok(writer) = stream.try_clone() {
        std::thread::spawn(move || write_out(writer, outgoing));
    }
    read_in(id, stream);
}

fn write_out(mut out: impl Write, outgoing: mpsc::Receiver<u8>) {
    while let Ok(byte) = outgoing.recv() {
        let mut chunk = vec![byte];
        chunk.extend(outgoing.try_iter());
        let written = out.write_all(&chunk).and_then(|()| out.flush());
        UNSENT.fetch_sub(chunk.len(), Ordering::AcqRel);
        if written.is_err() {
            drain(&outgoing);
            return;
        }
    }
}

/// A link that has gone: what is still queued is lost, and not waited for.
fn drain(outgoing: &mpsc::Receiver<u8>) {
    let lost = outgoing.try_iter().count();
    UNSENT.fetch_sub(lost, Ordering::AcqRel);
}

/// Hands what arrives to UART `id` on the VM thread, until the link ends.
fn read_in(id: u32, mut input: impl Read) {
    let mut buffer = [0u8; 512];
    loop {
        let n = match input.read(&mut buffer) {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        let bytes = buffer[..n].to_vec();
        let delivered = crate::vm_calls::ask("--uart", move |_vm| {
            super::receive_from_outside(id, &bytes);
            Ok(Ok(()))
        });
        if delivered.is_err() {
            // The script has not started or has ended: later bytes may
            // find it (a project between lives).
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// A serial device in raw mode (no echo, no line editing), if it is one.
fn make_raw(file: &std::fs::File) {
    use std::os::fd::AsRawFd;
    let fd = file.as_raw_fd();
    // SAFETY: `fd` is open for the call (the file is borrowed); termios is
    // a plain struct the calls fill in; a non-terminal makes tcgetattr
    // fail and nothing is changed.
    unsafe {
        let mut termios: libc::termios = std::mem::zeroed();
        if libc::tcgetattr(fd, &mut termios) == 0 {
            libc::cfmakeraw(&mut termios);
            libc::tcsetattr(fd, libc::TCSANOW, &termios);
        }
    }
}
