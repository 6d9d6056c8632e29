//! The board seen and driven from outside a running script (issue 8): the
//! control socket and `pinloop pin`, host signals, and `--vcd` read back by
//! an independent reader. Real processes and sockets on the real clock,
//! each bounded in time.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Any test that takes longer has failed.
const BOUND: Duration = Duration::from_secs(30);

fn pinloop() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pinloop"));
    command
        .env_remove("MICROPYPATH")
        .env_remove("PINLOOP_CONTROL");
    command
}

fn scratch_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A running script, killed if the test ends early.
struct Script {
    child: Child,
    stdout: BufReader<std::process::ChildStdout>,
}

impl Script {
    fn start(args: &[&str], code: &str) -> Script {
        let mut child = pinloop()
            .args(args)
            .args(["-c", code])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        Script { child, stdout }
    }

    fn line(&mut self) -> String {
        let mut line = String::new();
        self.stdout.read_line(&mut line).unwrap();
        line
    }

    /// Waits for the exit; returns the rest of stdout, stderr, the status.
    fn finish(mut self) -> (String, String, Option<i32>) {
        let deadline = Instant::now() + BOUND;
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(Instant::now() < deadline, "the script did not end");
            std::thread::sleep(Duration::from_millis(10));
        };
        let mut rest = String::new();
        self.stdout.read_to_string(&mut rest).unwrap();
        let mut stderr = String::new();
        if let Some(mut err) = self.child.stderr.take() {
            err.read_to_string(&mut stderr).unwrap();
        }
        (rest, stderr, status.code())
    }
}

impl Drop for Script {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// `pinloop pin --control PATH WORDS...`: (stdout, stderr, status).
fn pin(path: &Path, words: &[&str]) -> (String, String, Option<i32>) {
    let out = pinloop()
        .arg("pin")
        .arg("--control")
        .arg(path)
        .args(words)
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

/// Sends raw bytes on a fresh connection and returns every reply line.
fn raw_exchange(path: &Path, bytes: &[u8]) -> String {
    let mut stream = UnixStream::connect(path).unwrap();
    stream.set_read_timeout(Some(BOUND)).unwrap();
    stream.write_all(bytes).unwrap();
    stream.shutdown(std::net::Shutdown::Write).unwrap();
    let mut replies = String::new();
    stream.read_to_string(&mut replies).unwrap();
    replies
}

const BUTTON_SCRIPT: &str = "\
import asyncio
from machine import Pin
import pyb
flag = asyncio.ThreadSafeFlag()
pyb.Switch().callback(lambda: flag.set())
x1 = Pin('X1', Pin.IN, Pin.PULL_DOWN)
x1.irq(lambda p: print('X1 edge', p.value()), Pin.IRQ_RISING | Pin.IRQ_FALLING, hard=True)
led = pyb.LED(1)
p33 = Pin(33, Pin.IN)
async def main():
    print('ready')
    for n in range(2):
        await flag.wait()
        led.toggle()
        print('pressed', n)
asyncio.run(main())
";

#[test]
fn the_control_socket_is_its_owners_alone_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = scratch_dir("control_mode");
    let socket = dir.join("board.sock");
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("umask 000 && exec \"$0\" --control \"$1\" -c \"$2\"")
        .arg(env!("CARGO_BIN_EXE_pinloop"))
        .arg(&socket)
        .arg("import time\nprint('ready', flush=True)\ntime.sleep(30)\n")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    assert_eq!(line, "ready\n");
    let mode = std::fs::metadata(&socket).unwrap().permissions().mode() & 0o777;
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(mode, 0o600, "the socket's mode is {mode:o}");
}

#[test]
fn control_socket_drives_and_reads_pins_for_several_clients() {
    let dir = scratch_dir("control");
    let socket = dir.join("board.sock");
    let mut script = Script::start(&["--control", socket.to_str().unwrap()], BUTTON_SCRIPT);
    assert_eq!(script.line(), "ready\n");

    assert_eq!(
        pin(&socket, &["X1"]),
        ("0\n".into(), String::new(), Some(0))
    );
    assert_eq!(
        pin(&socket, &["X1", "1"]),
        (String::new(), String::new(), Some(0))
    );
    assert_eq!(script.line(), "X1 edge 1\n");
    assert_eq!(pin(&socket, &["X1"]).0, "1\n");

    // Garbage, an unknown value and a client that leaves mid-line get an
    // error line or nothing; the script runs on.
    let replies = raw_exchange(&socket, b"\xff\xfe\n\nX1 1 2\nX1 sideways\nX1");
    assert_eq!(
        replies,
        "error: the request is not UTF-8 text\n\
         error: empty request: send NAME, or NAME and one of 0, 1, press, release, high, low, toggle\n\
         error: too many words (3): send NAME [VALUE]\n\
         error: unknown value 'sideways': use 0, 1, press, release, high, low, toggle\n"
    );
    let (out, err, status) = pin(&socket, &["X1", "sideways"]);
    assert_eq!((out.as_str(), status), ("", Some(1)));
    assert!(err.contains("unknown value 'sideways'"), "{err}");

    // Several clients at once, each with several requests on one
    // connection.
    let clients: Vec<_> = (0..4)
        .map(|_| {
            let socket = socket.clone();
            std::thread::spawn(move || raw_exchange(&socket, b"X1\nLED1\nX2 1\nX2\n"))
        })
        .collect();
    for client in clients {
        assert_eq!(client.join().unwrap(), "1\n0\nok\n1\n");
    }

    // A number names the pin Pin(n) makes (P33 on the default board),
    // not a pin of its own.
    assert_eq!(raw_exchange(&socket, b"33 1\nP33\n33\n"), "ok\n1\n1\n");

    // A pin nobody made is a typo, even on the permissive default board:
    // the reply lists the pins that exist.
    let reply = raw_exchange(&socket, b"LED9\n");
    assert!(
        reply.starts_with("error: unknown pin 'LED9'; no such pin on board")
            && reply.contains("P33")
            && reply.contains("X1"),
        "{reply}"
    );

    // The switch by name: each press is seen once.
    assert_eq!(pin(&socket, &["USR", "press"]).2, Some(0));
    assert_eq!(script.line(), "pressed 0\n");
    std::thread::sleep(Duration::from_millis(150)); // the press lasts 100 ms
    assert_eq!(pin(&socket, &["LED1"]).0, "1\n");
    assert_eq!(pin(&socket, &["USR", "press"]).2, Some(0));
    let (rest, err, status) = script.finish();
    assert_eq!(
        (rest.as_str(), err.as_str(), status),
        ("pressed 1\n", "", Some(0))
    );
    assert!(!socket.exists(), "the socket is removed at exit");

    // No script: the client says how to start one.
    let (_, err, status) = pin(&socket, &["X1"]);
    assert_eq!(status, Some(2));
    assert!(err.contains("is a script running with --control"), "{err}");
}

#[test]
fn a_host_signal_presses_the_button() {
    let mut script = Script::start(&["--signal", "USR1=USR:press"], BUTTON_SCRIPT);
    assert_eq!(script.line(), "ready\n");
    for n in 0..2 {
        // SAFETY: kill() only sends a signal to the child's pid.
        let sent = unsafe { libc::kill(script.child.id() as libc::pid_t, libc::SIGUSR1) };
        assert_eq!(sent, 0);
        if n == 0 {
            assert_eq!(script.line(), "pressed 0\n");
            std::thread::sleep(Duration::from_millis(150)); // released again
        }
    }
    let (rest, err, status) = script.finish();
    assert_eq!(
        (rest.as_str(), err.as_str(), status),
        ("pressed 1\n", "", Some(0))
    );
}

#[test]
fn vcd_reads_back_with_an_independent_reader() {
    let dir = scratch_dir("vcd");
    let vcd = dir.join("run.vcd");
    let code = "\
import time
from machine import Pin
import pyb
x1 = Pin('X1', Pin.OUT, value=0)
x2 = Pin('X2', Pin.IN)
led = pyb.LED(2)
for _ in range(3):
    time.sleep_ms(250)
    x1.toggle()
    led.toggle()
from machine import PWM
dim = PWM(Pin('Y1'), freq=1000, duty_u16=16384)
time.sleep_ms(250)
dim.duty_u16(49152)
time.sleep_ms(250)
dim.deinit()
";
    let out = pinloop()
        .args([
            "--clock", "virtual", "--board", "pyboard", "--wire", "X1=X2",
        ])
        .arg("--vcd")
        .arg(&vcd)
        .args(["-c", code])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    // vcdvcd (PyPI) parses the file on its own terms; `.ci/run` installs
    // it.
    let reader = "\
import sys, vcdvcd
vcd = vcdvcd.VCDVCD(sys.argv[1])
for name in ('X1', 'X2', 'LED_GREEN', 'Y1_duty'):
    signal = vcd[[s for s in vcd.signals if s.split('.')[-1] == name][0]]
    print(name, ' '.join('%d:%s' % (t, v[:6]) for t, v in signal.tv))
";
    let read = Command::new("python3")
        .args(["-c", reader])
        .arg(&vcd)
        .output()
        .expect("python3 runs the VCD reader");
    assert!(
        read.status.success(),
        "the reader failed (pip install vcdvcd): {}",
        String::from_utf8_lossy(&read.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&read.stdout),
        "X1 0:0 250000:1 500000:0 750000:1\n\
         X2 0:0 250000:1 500000:0 750000:1\n\
         LED_GREEN 0:0 250000:1 500000:0 750000:1\n\
         Y1_duty 0:0 750000:0.2500 1000000:0.7500 1250000:0\n"
    );
}

#[test]
fn bad_backend_options_are_usage_errors() {
    let dir = scratch_dir("bad_backends");
    let not_socket = dir.join("plain-file");
    std::fs::write(&not_socket, "x").unwrap();
    let cases: [(&[&str], &str); 5] = [
        (
            &["--signal", "USR1=USR"],
            "--signal wants SIG=PIN:ACTION (like USR1=USR:press), not 'USR1=USR'",
        ),
        (
            &["--signal", "KILL=USR:press"],
            "--signal: unknown signal 'KILL'",
        ),
        (
            &["--vcd", "/nonexistent-dir/x.vcd"],
            "--vcd /nonexistent-dir/x.vcd: ",
        ),
        (
            &["--control", not_socket.to_str().unwrap()],
            "exists and is not a socket",
        ),
        (
            &["--display-png", not_socket.to_str().unwrap()],
            "not a folder (create it first)",
        ),
    ];
    for (args, message) in cases {
        let out = pinloop()
            .args(args)
            .args(["-c", "print('ran')"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(message), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?} ran the program");
    }
}

#[test]
fn display_png_saves_each_display_when_the_program_ends_even_by_an_exception() {
    let dir = scratch_dir("display_png");
    // Lights the panel's top left pixel (page 0, column 0, bit 0), then
    // fails: the picture is still saved.
    let code = "from machine import I2C\n\
                i2c = I2C(1)\n\
                for c in (0xA8, 31, 0xA1, 0xC8, 0x20, 0, 0xAF):\n    i2c.writeto(0x3C, bytes([0x80, c]))\n\
                i2c.writeto(0x3C, b'\\x40\\x01')\n\
                raise RuntimeError('after drawing')\n";
    let out = pinloop()
        .args([
            "--i2c",
            "1:0x3c=ssd1306,height=32",
            "--display-png",
            dir.to_str().unwrap(),
        ])
        .args(["-c", code])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("RuntimeError: after drawing"), "{err}");
    let file = std::fs::File::open(dir.join("ssd1306-3c.png")).unwrap();
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .unwrap();
    let mut pixels = vec![0; reader.output_buffer_size()];
    let frame = reader.next_frame(&mut pixels).unwrap();
    assert_eq!((frame.width, frame.height), (128, 32));
    assert_eq!(frame.color_type, png::ColorType::Grayscale);
    let lit: Vec<usize> = (0..pixels.len()).filter(|&i| pixels[i] == 255).collect();
    assert_eq!(lit, [0]);
    // Nothing else was written there (no temporary files left behind).
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
}

#[test]
fn the_control_socket_reads_and_changes_a_device_model_mid_run() {
    let dir = scratch_dir("control_device");
    let socket = dir.join("board.sock");
    // The firmware reads the sensor through its driver until it changes.
    let code = "import time\n\
                from machine import I2C\n\
                import pinloop\n\
                sensor = pinloop.device(I2C(1), 0x40)\n\
                print('ready', sensor.temperature)\n\
                while sensor.temperature == 20.0:\n    time.sleep_ms(5)\n\
                print('now', sensor.temperature, sensor.humidity)\n";
    let mut script = Script::start(
        &[
            "--i2c",
            "1:0x40=htu21d",
            "--i2c",
            "1:0x50=at24c32",
            "--control",
            socket.to_str().unwrap(),
        ],
        code,
    );
    assert_eq!(script.line(), "ready 20.0\n");
    assert_eq!(
        pin(&socket, &["device", "htu21d-40", "temperature"]),
        ("20.0\n".into(), String::new(), Some(0))
    );
    assert_eq!(pin(&socket, &["devices"]).0, "htu21d-40 at24c32-50\n");
    let replies = raw_exchange(
        &socket,
        b"devices\n\
          device htu21d-40 temperature\n\
          device 0x50 size\n\
          device nochip temperature\n\
          device htu21d-40 _user\n\
          device htu21d-40 on_read 1\n\
          device htu21d-40 humidity 61\n\
          device 0x40 temperature 31.5\n",
    );
    assert_eq!(
        replies,
        "htu21d-40 at24c32-50\n\
         20.0\n\
         4096\n\
         error: no device nochip; the devices: htu21d-40 at24c32-50\n\
         error: _user is private to the model\n\
         error: on_read of htu21d-40 is a method, not a setting\n\
         ok\n\
         ok\n"
    );
    let (rest, err, status) = script.finish();
    assert_eq!((rest.as_str(), status), ("now 31.5 61\n", Some(0)), "{err}");
}

/// A port nothing listens on now (bound and released: a race with other
/// programs, good enough for a test).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

// A link's bytes arrive with the host's scheduling between them (as
// through a USB serial adapter), so reads allow half a second between
// characters.
const UART_ECHO: &str = "from machine import UART\n\
                         u = UART(1, 115200, timeout=10000, timeout_char=500)\n\
                         print('ready')\n\
                         line = u.readline()\n\
                         u.write(b'pong:' + line)\n\
                         while not u.txdone():\n    pass\n\
                         print('answered', line)\n";

#[test]
fn a_uart_listens_on_tcp_and_a_client_talks_to_the_firmware() {
    let port = free_port();
    let spec = format!("1=listen:{port}");
    let mut script = Script::start(&["--board", "pyboard", "--uart", &spec], UART_ECHO);
    assert_eq!(script.line(), "ready\n");
    let mut client = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    client.set_read_timeout(Some(BOUND)).unwrap();
    client.write_all(b"ping\n").unwrap();
    let mut reply = [0u8; 10];
    client.read_exact(&mut reply).unwrap();
    assert_eq!(&reply, b"pong:ping\n");
    let (rest, err, status) = script.finish();
    assert_eq!(
        (rest.as_str(), status),
        ("answered b'ping\\n'\n", Some(0)),
        "{err}"
    );
}

#[test]
fn two_boards_talk_over_a_uart_link() {
    let port = free_port();
    let listen = format!("1=listen:{port}");
    let connect = format!("1=tcp:127.0.0.1:{port}");
    let mut echo = Script::start(&["--board", "pyboard", "--uart", &listen], UART_ECHO);
    assert_eq!(echo.line(), "ready\n");
    let asker = Script::start(
        &["--board", "pyboard", "--uart", &connect],
        "from machine import UART\nimport time\n\
         u = UART(1, 115200, timeout=10000, timeout_char=500)\ntime.sleep_ms(100)\n\
         u.write(b'ping\\n')\nprint('got', u.readline())\n",
    );
    let (out, err, status) = asker.finish();
    assert_eq!(
        (out.as_str(), status),
        ("got b'pong:ping\\n'\n", Some(0)),
        "{err}"
    );
    let (rest, err, status) = echo.finish();
    assert_eq!(
        (rest.as_str(), status),
        ("answered b'ping\\n'\n", Some(0)),
        "{err}"
    );
}

#[test]
fn a_bad_uart_link_is_a_usage_error() {
    for (args, message) in [
        (
            ["--uart", "7=listen:9"],
            "--uart 7: the board has no UART 7",
        ),
        (["--uart", "1=pipe:x"], "--uart wants ID=tcp:HOST:PORT"),
    ] {
        let out = pinloop()
            .args(["--board", "pyboard"])
            .args(args)
            .args(["-c", "print('ran')"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains(message), "{err}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn a_uart_on_a_pty_talks_to_a_terminal_program() {
    let dir = scratch_dir("uart_pty");
    let link = dir.join("board-uart");
    let spec = format!("1=pty:{}", link.display());
    let mut script = Script::start(&["--board", "pyboard", "--uart", &spec], UART_ECHO);
    assert_eq!(script.line(), "ready\n");
    let mut terminal = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&link)
        .unwrap();
    terminal.write_all(b"ping\n").unwrap();
    let mut reply = [0u8; 10];
    terminal.read_exact(&mut reply).unwrap();
    assert_eq!(&reply, b"pong:ping\n");
    let (rest, err, status) = script.finish();
    assert_eq!(
        (rest.as_str(), status),
        ("answered b'ping\\n'\n", Some(0)),
        "{err}"
    );
    assert!(!link.exists(), "the symlink outlived the run");
}
