//! A soft reset as a fresh process. RustPython 0.5.0 frees almost nothing
//! of an interpreter that is dropped (docs/rustpython.md, bug 8: several MB
//! per soft reset), so after the interpreter ends with a soft reset the
//! device process replaces itself (`execv` of `/proc/self/exe`, same pid,
//! same arguments) and carries across what the host must not notice: the
//! pty's two descriptors, the protocol's state and the messages the reader
//! thread had queued for the interpreter. Everything else (heap, threads,
//! thread-local state) starts from nothing, as a board's RAM does.
//!
//! The carried state travels in an anonymous file (memfd) whose descriptor
//! the new process finds in its first argument, `--pinloop-device-resume=FD`
//! ([`take_argument`], called by `main` before it parses the command line).
//!
//! Contract for [`exec_fresh`]: the caller holds the protocol's lock (so
//! the reader thread has fed every byte it read and sent every message it
//! made) and the interpreter's thread has ended.

use std::io::{self, Read as _, Seek as _, Write as _};
use std::os::fd::{AsRawFd as _, FromRawFd as _, RawFd};
use std::path::PathBuf;
use std::sync::Mutex;

use super::Message;
use pinloop_device::framing::{get_bytes, get_u32, put_bytes};
use pinloop_device::protocol::{Protocol, Request};

/// The first argument of a resumed device process.
const ARGUMENT: &str = "--pinloop-device-resume=";

/// What the previous process of this device left for this one.
pub(super) struct Carried {
    pub master: RawFd,
    pub slave: RawFd,
    pub slave_path: PathBuf,
    pub protocol: Protocol,
    /// The board's time of day (`time.time()` in ns) at the reset: a soft
    /// reset keeps the RTC, as on a board.
    pub time_of_day_ns: u128,
    /// The board's clock and VCD recording (`hal::state_for_new_process`).
    pub board: Vec<u8>,
    pub messages: Vec<Message>,
}

/// The descriptor of the carried state, from `main`'s arguments.
static RESUME_FD: Mutex<Option<RawFd>> = Mutex::new(None);

/// Removes `--pinloop-device-resume=FD` from the front of `args` (the
/// program's arguments after its name) and remembers FD for [`take`].
pub fn take_argument(mut args: Vec<String>) -> Vec<String> {
    if let Some(fd) = args
        .first()
        .and_then(|a| a.strip_prefix(ARGUMENT))
        .and_then(|fd| fd.parse().ok())
    {
        *RESUME_FD.lock().unwrap_or_else(|e| e.into_inner()) = Some(fd);
        args.remove(0);
    }
    args
}

/// Whether this process continues a device after a soft reset.
pub fn is_resuming() -> bool {
    RESUME_FD
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .is_some()
}

/// The carried state, once: None when this process is not a resumed
/// device (or the state cannot be read, then after a message).
pub(super) fn take() -> Option<Carried> {
    let fd = RESUME_FD.lock().unwrap_or_else(|e| e.into_inner()).take()?;
    // SAFETY: the previous process passed `fd` as the memfd it made for
    // us and nothing in this process has opened or closed it yet; the
    // File owns and closes it from here.
    let mut file = unsafe { std::fs::File::from_raw_fd(fd) };
    let mut bytes = Vec::new();
    let decoded = file
        .read_to_end(&mut bytes)
        .ok()
        .and_then(|_| decode(&bytes));
    if decoded.is_none() {
        crate::report!("pinloop: --device: the state of the soft reset is unreadable");
    }
    decoded
}

/// Replaces this process with a fresh one that serves the same device.
/// Returns only if that fails, with the error.
pub(super) fn exec_fresh(
    master: RawFd,
    slave: RawFd,
    slave_path: &std::path::Path,
    protocol: &Protocol,
    messages: &[Message],
) -> io::Error {
    match try_exec(master, slave, slave_path, protocol, messages) {
        Ok(never) => match never {},
        Err(err) => err,
    }
}

fn try_exec(
    master: RawFd,
    slave: RawFd,
    slave_path: &std::path::Path,
    protocol: &Protocol,
    messages: &[Message],
) -> io::Result<std::convert::Infallible> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt as _;
    let state = encode(
        master,
        slave,
        slave_path,
        protocol,
        crate::clock::epoch_ns(),
        &crate::hal::state_for_new_process(),
        messages,
    );
    // SAFETY: memfd_create takes a NUL-terminated name and flags and
    // returns a new descriptor or -1; the File owns it from here.
    let memfd = unsafe { libc::memfd_create(c"pinloop-device-resume".as_ptr(), 0) };
    if memfd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `memfd` was just created and nothing else owns it.
    let mut file = unsafe { std::fs::File::from_raw_fd(memfd) };
    file.write_all(&state)?;
    file.rewind()?;
    for fd in [master, slave, file.as_raw_fd()] {
        keep_across_exec(fd)?;
    }
    let mut argv = vec![CString::new(format!("{ARGUMENT}{}", file.as_raw_fd()))?];
    let mut original = std::env::args_os();
    let program = original.next().unwrap_or_default();
    let program = CString::new(program.as_bytes())?;
    argv.insert(0, program);
    for arg in original.filter(|a| !a.as_bytes().starts_with(ARGUMENT.as_bytes())) {
        argv.push(CString::new(arg.as_bytes())?);
    }
    let mut pointers: Vec<*const libc::c_char> = argv.iter().map(|a| a.as_ptr()).collect();
    pointers.push(std::ptr::null());
    // SAFETY: the path is a NUL-terminated literal and `pointers` a
    // null-terminated array of pointers into `argv`'s CStrings, all alive
    // for the call; execv returns only on failure.
    unsafe {
        libc::execv(c"/proc/self/exe".as_ptr(), pointers.as_ptr());
    }
    Err(io::Error::last_os_error())
}

/// Clears FD_CLOEXEC so `fd` stays open in the new process image.
fn keep_across_exec(fd: RawFd) -> io::Result<()> {
    // SAFETY: fcntl on a descriptor this process holds open, reading and
    // setting its descriptor flags; no memory is passed.
    unsafe {
        let flags = libc::fcntl(fd, libc::F_GETFD);
        if flags < 0 || libc::fcntl(fd, libc::F_SETFD, flags & !libc::FD_CLOEXEC) < 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}

// The state's encoding (`pinloop_device::framing`); messages as a tag
// byte then their payload.

fn encode(
    master: RawFd,
    slave: RawFd,
    slave_path: &std::path::Path,
    protocol: &Protocol,
    time_of_day_ns: u128,
    board: &[u8],
    messages: &[Message],
) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt as _;
    let mut out = Vec::new();
    out.extend_from_slice(&(master as u32).to_le_bytes());
    out.extend_from_slice(&(slave as u32).to_le_bytes());
    put_bytes(&mut out, slave_path.as_os_str().as_bytes());
    put_bytes(&mut out, &protocol.save());
    out.extend_from_slice(&time_of_day_ns.to_le_bytes());
    put_bytes(&mut out, board);
    for message in messages {
        let (tag, payload): (u8, &[u8]) = match message {
            Message::Send(bytes) => (0, bytes),
            Message::Do(Request::Line(text)) => (1, text.as_bytes()),
            Message::Do(Request::Paste(text)) => (2, text.as_bytes()),
            Message::Do(Request::Raw(code)) => (3, code),
            Message::Do(Request::SoftReset) => (4, &[]),
            Message::Do(Request::Friendly) => (5, &[]),
            Message::Do(Request::Interrupt) => (6, &[]),
            Message::Do(Request::Cancel) => (7, &[]),
            Message::Do(Request::Complete(text)) => (8, text.as_bytes()),
        };
        out.push(tag);
        put_bytes(&mut out, payload);
    }
    out
}

fn decode(mut input: &[u8]) -> Option<Carried> {
    use std::os::unix::ffi::OsStrExt as _;
    let input = &mut input;
    let master = get_u32(input)? as RawFd;
    let slave = get_u32(input)? as RawFd;
    let slave_path = PathBuf::from(std::ffi::OsStr::from_bytes(get_bytes(input)?));
    let protocol = Protocol::restore(get_bytes(input)?)?;
    let (time_of_day, rest) = input.split_first_chunk::<16>()?;
    let time_of_day_ns = u128::from_le_bytes(*time_of_day);
    *input = rest;
    let board = get_bytes(input)?.to_vec();
    let mut messages = Vec::new();
    while let Some((&tag, rest)) = input.split_first() {
        *input = rest;
        let payload = get_bytes(input)?;
        let text = || String::from_utf8(payload.to_vec()).ok();
        messages.push(match tag {
            0 => Message::Send(payload.to_vec()),
            1 => Message::Do(Request::Line(text()?)),
            2 => Message::Do(Request::Paste(text()?)),
            3 => Message::Do(Request::Raw(payload.to_vec())),
            4 => Message::Do(Request::SoftReset),
            5 => Message::Do(Request::Friendly),
            6 => Message::Do(Request::Interrupt),
            7 => Message::Do(Request::Cancel),
            8 => Message::Do(Request::Complete(text()?)),
            _ => return None,
        });
    }
    Some(Carried {
        master,
        slave,
        slave_path,
        protocol,
        time_of_day_ns,
        board,
        messages,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_messages() -> Vec<Message> {
        vec![
            Message::Send(b"OK".to_vec()),
            Message::Do(Request::Line("print(1)".into())),
            Message::Do(Request::Paste("a\nb".into())),
            Message::Do(Request::Raw(vec![0, 255, 4])),
            Message::Do(Request::SoftReset),
            Message::Do(Request::Friendly),
            Message::Do(Request::Interrupt),
            Message::Do(Request::Cancel),
        ]
    }

    #[test]
    fn the_state_survives_encoding() {
        let mut protocol = Protocol::default();
        let _ = protocol.feed(b"\x01pri");
        let bytes = encode(
            7,
            9,
            "/dev/pts/3".as_ref(),
            &protocol,
            5,
            b"board",
            &sample_messages(),
        );
        let carried = decode(&bytes).expect("decodes");
        assert_eq!((carried.master, carried.slave), (7, 9));
        assert_eq!(carried.slave_path, PathBuf::from("/dev/pts/3"));
        assert_eq!(carried.protocol.save(), protocol.save());
        assert!(carried.protocol.is_raw());
        assert_eq!(carried.time_of_day_ns, 5);
        assert_eq!(carried.board, b"board");
        let again = encode(
            7,
            9,
            "/dev/pts/3".as_ref(),
            &carried.protocol,
            carried.time_of_day_ns,
            &carried.board,
            &carried.messages,
        );
        assert_eq!(again, bytes);
    }

    #[test]
    fn truncated_or_corrupt_state_is_refused_not_misread() {
        let bytes = encode(
            7,
            9,
            "/dev/pts/3".as_ref(),
            &Protocol::default(),
            5,
            b"board",
            &sample_messages(),
        );
        for cut in 0..bytes.len() {
            // Every prefix either decodes (a message boundary) or is refused.
            if let Some(carried) = decode(&bytes[..cut]) {
                assert!(carried.messages.len() < sample_messages().len());
            }
        }
        let mut bad_tag = encode(7, 9, "/p".as_ref(), &Protocol::default(), 5, &[], &[]);
        bad_tag.push(42);
        put_bytes(&mut bad_tag, b"");
        assert!(decode(&bad_tag).is_none());
    }

    #[test]
    fn the_argument_is_taken_only_from_the_front() {
        let args = vec![
            "--device".to_owned(),
            "--pinloop-device-resume=5".to_owned(),
        ];
        assert_eq!(take_argument(args.clone()), args);
        let args = vec![
            "--pinloop-device-resume=5".to_owned(),
            "--device".to_owned(),
        ];
        assert_eq!(take_argument(args), ["--device"]);
        assert_eq!(RESUME_FD.lock().unwrap().take(), Some(5));
    }
}
