//! `pinloop pin [--control PATH] NAME [VALUE]`: one request to a running
//! script's control socket (see `--control`). With VALUE it drives the pin
//! and prints nothing; without, it prints the pin's level, `0` or `1`.
//! `pinloop pin devices` and `pinloop pin device DEVICE ATTR [VALUE]` read
//! and set a simulated device's attributes the same way.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::UnixStream;
use std::time::Duration;

pub const USAGE: &str = "usage: pinloop pin [--control PATH] NAME [0|1|press|release|high|low|toggle]\n       \
     pinloop pin [--control PATH] devices | device DEVICE ATTR [VALUE]";

/// Runs the client on the words after `pin`; returns the exit status.
pub fn run(args: &[String]) -> i32 {
    match request(args) {
        Ok(Some(level)) => {
            println!("{level}");
            0
        }
        Ok(None) => 0,
        Err((status, message)) => {
            pinloop_vm::report!("pinloop pin: {message}");
            if status == 2 {
                pinloop_vm::report!("{USAGE}");
            }
            status
        }
    }
}

fn request(args: &[String]) -> Result<Option<String>, (i32, String)> {
    let usage = |message: &str| (2, message.to_owned());
    let mut control = None;
    let mut words = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        if arg == "--control" {
            control = Some(
                rest.next()
                    .ok_or_else(|| usage("--control needs a PATH"))?
                    .clone(),
            );
        } else if let Some(path) = arg.strip_prefix("--control=") {
            control = Some(path.to_owned());
        } else if arg.starts_with("--") {
            return Err(usage(&format!("unknown option {arg}")));
        } else {
            words.push(arg.clone());
        }
    }
    if control.as_deref() == Some("") {
        return Err(usage("--control needs a path, not an empty string"));
    }
    let path = control
        .or_else(crate::cli::control_from_env)
        .ok_or_else(|| usage("no control socket: give --control PATH or set PINLOOP_CONTROL"))?;
    // What a reply is printed for: a read of a pin, the device list, a
    // read of a device's attribute.
    let prints = match words.first().map(String::as_str) {
        Some("devices") if words.len() == 1 => true,
        Some("device") if (3..=4).contains(&words.len()) => words.len() == 3,
        Some("device" | "devices") => {
            return Err(usage(
                "give devices, or device DEVICE ATTR and optionally a value",
            ));
        }
        _ if words.is_empty() || words.len() > 2 => {
            return Err(usage("give a pin NAME and optionally a value"));
        }
        _ => words.len() == 1,
    };
    let stream = UnixStream::connect(&path).map_err(|e| {
        (
            2,
            format!("cannot connect to {path}: {e} (is a script running with --control {path}?)"),
        )
    })?;
    let io_error = |e: std::io::Error| (1, format!("{path}: {e}"));
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .map_err(io_error)?;
    let mut writer = stream.try_clone().map_err(io_error)?;
    writer
        .write_all(format!("{}\n", words.join(" ")).as_bytes())
        .map_err(io_error)?;
    let mut reply = String::new();
    BufReader::new(stream)
        .read_line(&mut reply)
        .map_err(io_error)?;
    let reply = reply.trim_end();
    if reply.is_empty() {
        return Err((
            1,
            "the script closed the connection without answering".to_owned(),
        ));
    }
    if let Some(message) = reply.strip_prefix("error: ") {
        return Err((1, message.to_owned()));
    }
    Ok(prints.then(|| reply.to_owned()))
}
