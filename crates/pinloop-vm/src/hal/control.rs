//! `--control PATH`: a line-based text protocol on a Unix socket, so a
//! person at another terminal (`pinloop pin --control PATH NAME [VALUE]`)
//! or a test drives the inputs and reads the pins of a running script.
//!
//! Each request is one line; each gets one reply line:
//!
//! | request | reply |
//! |---|---|
//! | `NAME` | `0` or `1`: the pin's level |
//! | `NAME 0`, `NAME 1`, `NAME low`, `NAME high` | `ok`: the pin is driven until released |
//! | `NAME press` | `ok`: driven to its active level for 100 ms, then let go |
//! | `NAME release`, `NAME toggle` | `ok` |
//! | `devices` | the simulated devices on the buses, by name (`htu21d-40 ssd1306-X5`) |
//! | `device DEVICE ATTR` | the attribute's value (Python's repr) |
//! | `device DEVICE ATTR VALUE` | `ok`: the attribute is set (a number, `true`/`false`, or text) |
//! | anything else | `error: <what is wrong>` |
//!
//! DEVICE is a name `devices` lists, or the device's place alone (`0x40`,
//! `X5`) where that is unambiguous; changing a model's attribute is how a
//! test makes a sensor read another temperature mid-run.
//!
//! NAME is a pin, an alias or a switch (`USR`). Several clients may be
//! connected at once, each on a thread of its own; a client that sends
//! garbage gets an error line, one that disconnects mid-line is forgotten,
//! and the script runs on either way. A request the script has carried out
//! is answered even when it ends the script (a press the script was
//! waiting for): exit waits, briefly, for those replies to be written.

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::fs::FileTypeExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use pinloop_board::Action;
use rustpython_vm::{PyResult, VirtualMachine};

/// The longest request line accepted.
const MAX_LINE: usize = 1024;

/// The socket to remove at exit.
static SOCKET_PATH: Mutex<Option<PathBuf>> = Mutex::new(None);

/// Requests carried out on the VM thread whose reply is not yet written.
static UNWRITTEN: AtomicUsize = AtomicUsize::new(0);

/// How long exit waits for those replies.
const REPLY_GRACE: Duration = Duration::from_millis(500);

/// A parsed request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    Read(String),
    Drive(String, Action),
    /// `devices`, `device DEVICE ATTR [VALUE]`: the words after `device`
    /// (empty for `devices`).
    Device(Vec<String>),
}

/// Parses one request line (without its newline).
pub fn parse(line: &[u8]) -> Result<Request, String> {
    let text = std::str::from_utf8(line).map_err(|_| "the request is not UTF-8 text".to_owned())?;
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.as_slice() {
        ["devices"] => Ok(Request::Device(Vec::new())),
        ["device", rest @ ..] if (2..=3).contains(&rest.len()) => Ok(Request::Device(
            rest.iter().map(|w| (*w).to_owned()).collect(),
        )),
        ["device", ..] => Err(
            "send device DEVICE ATTR to read an attribute, device DEVICE ATTR VALUE to set it"
                .to_owned(),
        ),
        [] => Err(
            "empty request: send NAME, or NAME and one of 0, 1, press, release, high, \
                   low, toggle"
                .to_owned(),
        ),
        [name] => Ok(Request::Read((*name).to_owned())),
        [name, value] => {
            let action = match *value {
                "0" => Action::Low,
                "1" => Action::High,
                other => Action::parse(other).ok_or_else(|| {
                    format!(
                        "unknown value '{other}': use 0, 1, {}",
                        Action::NAMES.join(", ")
                    )
                })?,
            };
            Ok(Request::Drive((*name).to_owned(), action))
        }
        _ => Err(format!(
            "too many words ({}): send NAME [VALUE]",
            words.len()
        )),
    }
}

/// The reply line (without its newline) to one request line, and whether
/// the request was carried out on the VM thread (it then counts in
/// [`UNWRITTEN`] until its reply is written).
fn answer(line: &[u8]) -> (String, bool) {
    let ran = std::sync::Arc::new(AtomicBool::new(false));
    let reply = parse(line).and_then(|request| match request {
        Request::Read(name) => carry_out(&ran, move |_vm| Ok(super::outside::level(&name)))
            .map(|l| (l as u8).to_string()),
        Request::Drive(name, action) => {
            carry_out(&ran, move |vm| super::outside::apply(&name, action, vm))
                .map(|()| "ok".to_owned())
        }
        Request::Device(words) => carry_out(&ran, move |vm| Ok(device_request(&words, vm))),
    });
    let reply = reply.unwrap_or_else(|message| format!("error: {message}"));
    (reply, ran.load(Ordering::SeqCst))
}

/// `devices` and `device ...`, answered by the bus module's Python
/// (`_pinloop_buses.control`); VM thread.
fn device_request(words: &[String], vm: &VirtualMachine) -> Result<String, String> {
    let module = super::buses::loaded_module("_pinloop_buses", vm).ok_or("no simulated devices: the board has none attached (--i2c, --spi, a board file, pinloop.attach)")?;
    let words: Vec<rustpython_vm::PyObjectRef> = words
        .iter()
        .map(|w| vm.ctx.new_str(w.as_str()).into())
        .collect();
    let reply = vm
        .call_method(&module, "control", (vm.ctx.new_list(words),))
        .and_then(|r| r.str(vm).map(|s| s.to_string()));
    reply.map_err(|exc| {
        let object: rustpython_vm::PyObjectRef = exc.into();
        object
            .str(vm)
            .map_or_else(|_| "the device raised".to_owned(), |s| s.to_string())
    })
}

/// Runs `request` on the VM thread, counting it as carried out before the
/// VM thread moves on (so a script that ends right after cannot exit
/// before the reply is written).
fn carry_out<T: Send + 'static>(
    ran: &std::sync::Arc<AtomicBool>,
    request: impl FnOnce(&VirtualMachine) -> PyResult<Result<T, String>> + Send + 'static,
) -> Result<T, String> {
    let ran = ran.clone();
    crate::vm_calls::ask("control socket", move |vm| {
        UNWRITTEN.fetch_add(1, Ordering::SeqCst);
        ran.store(true, Ordering::SeqCst);
        request(vm)
    })
}

/// Binds the socket and serves it on a thread. A leftover socket file
/// nobody listens on is replaced; a live one is an error.
pub fn serve(path: &str) -> Result<(), String> {
    let socket = Path::new(path);
    if let Ok(meta) = std::fs::symlink_metadata(socket) {
        if !meta.file_type().is_socket() {
            return Err(format!("{path} exists and is not a socket"));
        }
        if UnixStream::connect(socket).is_ok() {
            return Err(format!("{path} is in use by another process"));
        }
        let _ = std::fs::remove_file(socket);
    }
    let listener = bind_owner_only(socket)?;
    *SOCKET_PATH.lock().unwrap_or_else(|e| e.into_inner()) = Some(socket.to_owned());
    // Clients may drive pins at any moment: virtual time follows real time.
    pinloop_sched::wake::outside_source_started();
    std::thread::Builder::new()
        .name("pinloop-control".into())
        .spawn(move || {
            for stream in listener.incoming().flatten() {
                let _ = std::thread::Builder::new()
                    .name("pinloop-control-client".into())
                    .spawn(move || serve_client(stream));
            }
        })
        .map_err(|e| e.to_string())?;
    Ok(())
}

/// Binds the socket readable and writable by its owner only (0600),
/// whatever the umask: whoever can connect can drive the board's pins.
/// The umask is narrowed for the bind itself (the file is created with
/// it), and the mode set again after, in case another thread moved it.
fn bind_owner_only(socket: &Path) -> Result<UnixListener, String> {
    // SAFETY: umask only swaps the process's file-creation mask (no
    // memory is involved); the previous mask is put back right after.
    let previous = unsafe { libc::umask(0o177) };
    let bound = UnixListener::bind(socket);
    // SAFETY: as above.
    unsafe {
        libc::umask(previous);
    }
    let listener = bound.map_err(|e| e.to_string())?;
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(socket, std::fs::Permissions::from_mode(0o600))
        .map_err(|e| format!("cannot make {} private: {e}", socket.display()))?;
    Ok(listener)
}

fn serve_client(stream: UnixStream) {
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    let mut line = Vec::new();
    loop {
        line.clear();
        let read = Read::by_ref(&mut reader)
            .take(MAX_LINE as u64 + 1)
            .read_until(b'\n', &mut line);
        match read {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let reply = if line.last() != Some(&b'\n') {
            if line.len() <= MAX_LINE {
                return; // disconnected mid-line: nothing to answer
            }
            // Too long: skip the rest of it, then say so.
            let mut rest = Vec::new();
            if reader.read_until(b'\n', &mut rest).unwrap_or(0) == 0 {
                return;
            }
            (
                format!("error: request longer than {MAX_LINE} bytes"),
                false,
            )
        } else {
            line.pop();
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            answer(&line)
        };
        let (reply, counted) = reply;
        let written = writer.write_all(format!("{reply}\n").as_bytes());
        if counted {
            UNWRITTEN.fetch_sub(1, Ordering::SeqCst);
        }
        if written.is_err() {
            return;
        }
    }
}

/// At exit: lets replies to requests already carried out be written (for
/// up to [`REPLY_GRACE`]), then removes the socket file.
pub fn remove_socket() {
    let deadline = Instant::now() + REPLY_GRACE;
    while UNWRITTEN.load(Ordering::SeqCst) > 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(1));
    }
    if let Some(path) = SOCKET_PATH.lock().unwrap_or_else(|e| e.into_inner()).take() {
        let _ = std::fs::remove_file(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bounded fuzzing: any line either parses into a request whose name
    /// is a word of it, or is an error that says what to send.
    #[test]
    fn mutated_request_lines_parse_or_explain() {
        let seeds: [&[u8]; 5] = [b"X1", b"USR press", b"LED1 1", b"X2 toggle", b" X1  low "];
        let mut mutator = pinloop_board::mutate::Mutator::new(0xc0_27_01);
        for _ in 0..20_000 {
            let line = mutator.mutant(&seeds);
            match parse(&line) {
                Ok(Request::Read(name)) | Ok(Request::Drive(name, _)) => {
                    let text = String::from_utf8_lossy(&line);
                    assert!(text.split_whitespace().any(|w| w == name), "{line:?}");
                }
                Ok(Request::Device(words)) => assert!(words.len() <= 3, "{line:?}"),
                Err(message) => assert!(!message.is_empty(), "{line:?}"),
            }
        }
    }

    #[test]
    fn requests_parse() {
        assert_eq!(parse(b"X1"), Ok(Request::Read("X1".into())));
        assert_eq!(
            parse(b" USR  press "),
            Ok(Request::Drive("USR".into(), Action::Press))
        );
        assert_eq!(
            parse(b"X1 1"),
            Ok(Request::Drive("X1".into(), Action::High))
        );
        assert_eq!(parse(b"X1 0"), Ok(Request::Drive("X1".into(), Action::Low)));
        assert_eq!(
            parse(b"X1 toggle"),
            Ok(Request::Drive("X1".into(), Action::Toggle))
        );
        assert_eq!(parse(b"devices"), Ok(Request::Device(Vec::new())));
        assert_eq!(
            parse(b"device htu21d-40 temperature 31.5"),
            Ok(Request::Device(vec![
                "htu21d-40".into(),
                "temperature".into(),
                "31.5".into()
            ]))
        );
        assert!(
            parse(b"device x")
                .unwrap_err()
                .starts_with("send device DEVICE ATTR")
        );
    }

    #[test]
    fn garbage_is_an_error_that_says_what_to_send() {
        assert!(parse(b"").unwrap_err().starts_with("empty request"));
        assert!(parse(b"X1 2").unwrap_err().starts_with("unknown value '2'"));
        assert!(parse(b"a b c").unwrap_err().starts_with("too many words"));
        assert_eq!(
            parse(&[0xff, 0xfe]).unwrap_err(),
            "the request is not UTF-8 text"
        );
    }
}
