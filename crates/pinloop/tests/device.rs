//! `pinloop --device`: the real mpremote (PyPI; `.ci/run` installs it)
//! drives pinloop through its pseudo-terminal as it would a board: exec,
//! eval, run, fs cp/ls/cat/rm, soft-reset, resume; garbage and a client that
//! leaves mid-command do not wedge the device. Real processes, each step
//! bounded in time.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BOUND: Duration = Duration::from_secs(30);

fn scratch_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A running device, stopped (SIGTERM) when dropped.
struct Device {
    child: Child,
    link: PathBuf,
}

impl Device {
    fn start(dir: &Path) -> Device {
        Device::start_with(dir, &[])
    }

    /// A device started with more options (`--control`, `--signal`).
    fn start_with(dir: &Path, options: &[&str]) -> Device {
        let link = dir.join("ttyPINLOOP");
        let fs = dir.join("fs");
        std::fs::create_dir_all(&fs).unwrap();
        std::fs::write(fs.join("boot.py"), "booted = True\n").unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_pinloop"))
            .arg("--device")
            .arg(&link)
            .arg("--fs")
            .arg(&fs)
            .args(options)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + BOUND;
        while !link.exists() {
            assert!(Instant::now() < deadline, "the device link never appeared");
            std::thread::sleep(Duration::from_millis(20));
        }
        Device { child, link }
    }

    /// `mpremote connect LINK ARGS...`: (stdout, stderr, success).
    fn mpremote(&self, args: &[&str]) -> (String, String, bool) {
        self.mpremote_with_env(args, &[])
    }

    /// As [`Device::mpremote`], with environment variables for mpremote.
    fn mpremote_with_env(&self, args: &[&str], env: &[(&str, &Path)]) -> (String, String, bool) {
        self.mpremote_in(Path::new("."), args, env)
    }

    /// As [`Device::mpremote`], run from folder `cwd`.
    fn mpremote_in(
        &self,
        cwd: &Path,
        args: &[&str],
        env: &[(&str, &Path)],
    ) -> (String, String, bool) {
        let mut child = Command::new("python3")
            .current_dir(cwd)
            .args(["-m", "mpremote", "connect"])
            .arg(&self.link)
            .args(args)
            .envs(env.iter().map(|(k, v)| (*k, *v)))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("python3 runs mpremote");
        let deadline = Instant::now() + BOUND;
        while child.try_wait().unwrap().is_none() {
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("mpremote {args:?} did not finish");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let out = child.wait_with_output().unwrap();
        (
            String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n"),
            String::from_utf8_lossy(&out.stderr).into_owned(),
            out.status.success(),
        )
    }

    fn ok(&self, args: &[&str]) -> String {
        let (out, err, success) = self.mpremote(args);
        assert!(
            success,
            "mpremote {args:?} failed (is mpremote installed? python3 -m pip install mpremote): {out}{err}"
        );
        out
    }
}

impl Drop for Device {
    fn drop(&mut self) {
        // SAFETY: kill() only sends a signal to the child's pid.
        unsafe {
            libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM);
        }
        let _ = self.child.wait();
    }
}

#[test]
fn mpremote_runs_code_on_the_device() {
    let dir = scratch_dir("device_exec");
    let device = Device::start(&dir);
    assert_eq!(device.ok(&["exec", "print(1 + 1)"]), "2\n");
    assert_eq!(device.ok(&["eval", "6 * 7"]), "42\n");
    // boot.py ran at the soft reset mpremote made when it connected.
    assert_eq!(device.ok(&["eval", "booted"]), "True\n");
    let script = dir.join("script.py");
    std::fs::write(
        &script,
        "import asyncio\nasync def main():\n    await asyncio.sleep_ms(10)\n    print('ran', __name__)\nasyncio.run(main())\n",
    )
    .unwrap();
    assert_eq!(
        device.ok(&["run", script.to_str().unwrap()]),
        "ran __main__\n"
    );
    // An uncaught exception comes back as the command's error.
    let (out, err, success) = device.mpremote(&["exec", "1/0"]);
    assert!(!success || out.contains("ZeroDivisionError") || err.contains("ZeroDivisionError"));
    assert!(
        format!("{out}{err}").contains("ZeroDivisionError"),
        "{out}{err}"
    );
}

#[test]
fn soft_reset_clears_state_and_resume_keeps_it() {
    let dir = scratch_dir("device_reset");
    let device = Device::start(&dir);
    // Commands in one mpremote call share the interpreter.
    assert_eq!(device.ok(&["exec", "x = 5", "eval", "x"]), "5\n");
    // `resume` connects without a soft reset: x is still there.
    assert_eq!(device.ok(&["resume", "eval", "x"]), "5\n");
    device.ok(&[
        "resume",
        "exec",
        "import asyncio\nasync def forever():\n    await asyncio.Event().wait()\nt = asyncio.create_task(forever())",
    ]);
    device.ok(&["soft-reset"]);
    assert_eq!(
        device.ok(&["resume", "eval", "'x' in globals()"]),
        "False\n"
    );
    assert_eq!(
        device.ok(&[
            "resume",
            "exec",
            "import asyncio\nprint(len(asyncio.all_tasks()))"
        ]),
        "0\n"
    );
}

/// The tutorial's section 0.1 for targets without a network of their own,
/// tests/conformance/tutorial_s0_1_line0127.sh: two `$ mpremote mip install
/// github:...` lines, run as printed after `connect LINK`. mpremote fetches
/// on the host (here from the test mirror of GitHub,
/// tests/conformance/mip_mirror, through
/// tests/mip_mirror_site/sitecustomize.py) and writes into the first
/// `sys.path` entry ending in /lib: the device's `/lib`, inside `--fs`,
/// from where the packages import.
#[test]
fn mpremote_mip_installs_the_tutorials_packages_into_lib() {
    let dir = scratch_dir("device_mip");
    let device = Device::start(&dir);
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let conformance = tests.join("../../../tests/conformance");
    let mirror = conformance.join("mip_mirror");
    // The mirror's sitecustomize first, then wherever mpremote itself is
    // (scripts/test puts it on PYTHONPATH).
    let mut search = std::ffi::OsString::from(tests.join("mip_mirror_site"));
    if let Some(inherited) = std::env::var_os("PYTHONPATH") {
        search.push(":");
        search.push(inherited);
    }
    let site = PathBuf::from(search);
    let env = [
        ("PINLOOP_MIP_MIRROR", mirror.as_path()),
        ("PYTHONPATH", site.as_path()),
    ];
    let commands = std::fs::read_to_string(conformance.join("tutorial_s0_1_line0127.sh")).unwrap();
    let mut installed = Vec::new();
    for line in commands.lines() {
        let args: Vec<&str> = line
            .strip_prefix("$ mpremote ")
            .expect("each line is a `$ mpremote` command")
            .split_whitespace()
            .collect();
        let (out, err, success) = device.mpremote_with_env(&args, &env);
        assert!(success, "mpremote {args:?} failed: {out}{err}");
        let package = args.last().unwrap().rsplit('/').next().unwrap();
        assert!(
            out.contains(&format!("Installing: /lib/{package}/__init__.py")),
            "{out}"
        );
        assert!(dir.join(format!("fs/lib/{package}/__init__.py")).is_file());
        installed.push(package.to_owned());
    }
    assert_eq!(installed, ["primitives", "threadsafe"]);
    let out = device.ok(&[
        "exec",
        "import sys, primitives, threadsafe; print(sys.path[-1], primitives.__file__, threadsafe.ThreadSafeQueue.__name__)",
    ]);
    assert_eq!(
        out.trim(),
        "/lib /lib/primitives/__init__.py ThreadSafeQueue"
    );
    // Without the mirror there is no network: mpremote reports the failure.
    let (_, _, success) = device.mpremote(&[
        "mip",
        "install",
        "github:peterhinch/micropython-async/v3/nonexistent",
    ]);
    assert!(!success);
}

#[test]
fn mpremote_manages_files_under_the_fs_folder() {
    let dir = scratch_dir("device_fs");
    let device = Device::start(&dir);
    let local = dir.join("notes.txt");
    std::fs::write(&local, "line one\nline two\n").unwrap();
    device.ok(&["fs", "cp", local.to_str().unwrap(), ":notes.txt"]);
    assert_eq!(
        std::fs::read_to_string(dir.join("fs/notes.txt")).unwrap(),
        "line one\nline two\n"
    );
    device.ok(&["fs", "mkdir", "lib"]);
    let listing = device.ok(&["fs", "ls"]);
    for name in ["boot.py", "notes.txt", "lib/"] {
        assert!(listing.contains(name), "{listing}");
    }
    assert_eq!(
        device.ok(&["fs", "cat", "notes.txt"]),
        "line one\nline two\n"
    );
    let back = dir.join("back.txt");
    device.ok(&["fs", "cp", ":notes.txt", back.to_str().unwrap()]);
    assert_eq!(
        std::fs::read_to_string(&back).unwrap(),
        "line one\nline two\n"
    );
    device.ok(&["fs", "rm", "notes.txt"]);
    device.ok(&["fs", "rmdir", "lib"]);
    assert!(!dir.join("fs/notes.txt").exists());
    // Paths cannot climb out of the device's root.
    assert_eq!(
        device.ok(&["eval", "sorted(__import__('os').listdir('/../..'))"]),
        "['boot.py']\n"
    );
}

/// Issue 19.4: symlinks in DIR that lead out of it are refused (EACCES) by
/// every file API the device has and by mpremote's fs commands; symlinks
/// that stay inside DIR work; `..` stops at the root.
#[test]
fn the_device_folder_confines_symlinks_and_every_file_api() {
    use std::os::unix::fs::symlink;
    let dir = scratch_dir("device_confined");
    let outside = dir.join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret.txt"), "secret\n").unwrap();
    std::fs::create_dir_all(dir.join("fs/inside")).unwrap();
    symlink(&outside, dir.join("fs/dirlink")).unwrap();
    symlink(outside.join("made.txt"), dir.join("fs/dangling")).unwrap();
    symlink("inside", dir.join("fs/alias")).unwrap();
    let device = Device::start(&dir);
    let script = dir.join("escape.py");
    std::fs::write(
        &script,
        r#"import os, io, _io, posix
def attempt(label, call):
    try:
        call()
        print(label, "allowed")
    except OSError as exc:
        print(label, exc)
attempt("open w", lambda: open("/dirlink/a.txt", "w"))
attempt("open r", lambda: open("dirlink/secret.txt").read())
attempt("io.open", lambda: io.open("/dirlink/secret.txt"))
attempt("_io.open", lambda: _io.open("/dirlink/secret.txt"))
attempt("_io.open dotdot", lambda: _io.open("/../../outside/secret.txt"))
attempt("os.open", lambda: os.open("/dirlink/secret.txt", os.O_RDONLY))
attempt("posix.open", lambda: posix.open("/dirlink/b.txt", os.O_WRONLY | os.O_CREAT))
attempt("dangling", lambda: open("/dangling", "w"))
for module in (os, posix):
    for name in ("listdir", "stat", "statvfs", "chdir", "scandir"):
        attempt(module.__name__ + "." + name, lambda: getattr(module, name)("/dirlink"))
    attempt(module.__name__ + ".mkdir", lambda: module.mkdir("/dirlink/d"))
    attempt(module.__name__ + ".rename", lambda: module.rename("/inside", "/dirlink/moved"))
attempt("os.ilistdir", lambda: list(os.ilistdir("/dirlink")))
attempt("alias", lambda: open("/alias/kept.txt", "w").write("kept"))
print(sorted(posix.listdir("/")), os.getcwd(), posix.getcwd())
print([(e.name, e.path, e.is_dir()) for e in os.scandir("/") if e.name != "boot.py"])
os.remove("/dangling")
"#,
    )
    .unwrap();
    let out = device.ok(&["run", script.to_str().unwrap()]);
    let denied = "[Errno 13] EACCES";
    let mut expected = String::new();
    for label in ["open w", "open r", "io.open", "_io.open"] {
        expected += &format!("{label} {denied}\n");
    }
    expected += "_io.open dotdot [Errno 2] ENOENT\n";
    for label in ["os.open", "posix.open", "dangling"] {
        expected += &format!("{label} {denied}\n");
    }
    for module in ["os", "posix"] {
        for name in [
            "listdir", "stat", "statvfs", "chdir", "scandir", "mkdir", "rename",
        ] {
            expected += &format!("{module}.{name} {denied}\n");
        }
    }
    expected += &format!("os.ilistdir {denied}\nalias allowed\n");
    expected += "['alias', 'boot.py', 'dangling', 'dirlink', 'inside'] / /\n";
    expected += "[('alias', '/alias', True), ('dangling', '/dangling', False), \
                 ('dirlink', '/dirlink', False), ('inside', '/inside', True)]\n";
    assert_eq!(out, expected);
    assert_eq!(
        std::fs::read_to_string(dir.join("fs/inside/kept.txt")).unwrap(),
        "kept"
    );
    assert!(!dir.join("fs/dangling").exists(), "remove acts on the link");

    let local = dir.join("local.txt");
    std::fs::write(&local, "from the host\n").unwrap();
    let (_, err, success) =
        device.mpremote(&["fs", "cp", local.to_str().unwrap(), ":dirlink/x.txt"]);
    assert!(!success && err.contains("Permission denied"), "{err}");
    let fetched = dir.join("fetched.txt");
    let (_, err, success) =
        device.mpremote(&["fs", "cp", ":dirlink/secret.txt", fetched.to_str().unwrap()]);
    assert!(!success && err.contains("Permission denied"), "{err}");
    assert!(!fetched.exists());
    device.ok(&["fs", "cp", local.to_str().unwrap(), ":alias/y.txt"]);
    assert!(dir.join("fs/inside/y.txt").exists());
    let mut left: Vec<_> = std::fs::read_dir(&outside)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    left.sort();
    assert_eq!(left, ["secret.txt"], "nothing written outside DIR");
}

/// As on a board: main.py runs at power-on and after a soft reset from the
/// friendly REPL, not after one from the raw REPL (mpremote's), so a busy
/// main.py never locks mpremote out; boot.py runs after both.
#[test]
fn a_busy_main_py_does_not_lock_mpremote_out() {
    use std::os::unix::fs::OpenOptionsExt as _;
    let dir = scratch_dir("device_busy_main");
    std::fs::create_dir_all(dir.join("fs")).unwrap();
    std::fs::write(
        dir.join("fs/main.py"),
        "import os\nopen('/main-runs.txt', 'a').write('x')\nwhile True:\n    pass\n",
    )
    .unwrap();
    let device = Device::start(&dir);
    let runs = || std::fs::read_to_string(dir.join("fs/main-runs.txt")).unwrap_or_default();
    for _ in 0..3 {
        assert_eq!(device.ok(&["exec", "print(booted)"]), "True\n");
    }
    assert_eq!(runs(), "x", "main.py ran once, at power-on");
    // A soft reset typed at the friendly REPL runs main.py again.
    let mut tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(libc::O_NOCTTY)
        .open(&device.link)
        .unwrap();
    tty.write_all(b"\x02\r\x04").unwrap();
    let deadline = Instant::now() + BOUND;
    while runs() != "xx" {
        assert!(
            Instant::now() < deadline,
            "main.py did not run again: {}",
            runs()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    drop(tty);
    assert_eq!(device.ok(&["exec", "print(booted)"]), "True\n");
    assert_eq!(runs(), "xx");
}

#[test]
fn garbage_and_a_client_leaving_mid_command_do_not_wedge_the_device() {
    let dir = scratch_dir("device_garbage");
    let device = Device::start(&dir);
    {
        let mut tty = std::fs::OpenOptions::new()
            .write(true)
            .open(&device.link)
            .unwrap();
        let garbage: Vec<u8> = (0..4096u32).map(|i| (i * 97 % 256) as u8).collect();
        tty.write_all(&garbage).unwrap();
        // Raw mode, half a command, then gone.
        tty.write_all(b"\r\x01print('never fini").unwrap();
    }
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(device.ok(&["exec", "print('still here')"]), "still here\n");
}

/// The device's resident memory in KiB and its count of open descriptors.
fn rss_and_fds(pid: u32) -> (u64, usize) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let rss = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|kib| kib.parse().ok())
        .unwrap();
    // The fewest open over a few looks: a descriptor the new process holds
    // for a moment as it starts (reading /proc for the heap limit) is not
    // a leak; a leaked one is there every time.
    let fds = (0..5)
        .map(|_| {
            std::thread::sleep(Duration::from_millis(20));
            std::fs::read_dir(format!("/proc/{pid}/fd"))
                .unwrap()
                .count()
        })
        .min()
        .unwrap();
    (rss, fds)
}

/// Issue 19.13: a soft reset starts a fresh process for the same device
/// (same pid, same pty), so 100 raw-REPL soft resets leave memory and open
/// descriptors flat, and what the host sent right behind a reset is kept.
#[test]
fn a_hundred_soft_resets_leave_memory_flat() {
    use std::io::Read as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    let dir = scratch_dir("device_resets");
    let device = Device::start(&dir);
    let pid = device.child.id();
    let mut tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(libc::O_NOCTTY | libc::O_NONBLOCK)
        .open(&device.link)
        .unwrap();
    let mut seen = Vec::new();
    let mut expect = |tty: &mut std::fs::File, wanted: &[u8]| {
        let deadline = Instant::now() + BOUND;
        loop {
            if let Some(at) = seen.windows(wanted.len()).position(|w| w == wanted) {
                seen.drain(..at + wanted.len());
                return;
            }
            assert!(
                Instant::now() < deadline,
                "no {wanted:?} in {:?}",
                String::from_utf8_lossy(&seen)
            );
            let mut buf = [0u8; 4096];
            match tty.read(&mut buf) {
                Ok(n) => seen.extend_from_slice(&buf[..n]),
                Err(_) => std::thread::sleep(Duration::from_millis(2)),
            }
        }
    };
    tty.write_all(b"\r\x03\x03\x01").unwrap();
    expect(&mut tty, b"raw REPL; CTRL-B to exit\r\n>");
    let mut after_ten = (0, 0);
    for reset in 1..=100 {
        tty.write_all(b"import asyncio, machine\x04").unwrap();
        expect(&mut tty, b"OK\x04\x04>");
        if reset == 50 {
            // A command sent right behind the reset, before the new
            // process runs, still runs there.
            tty.write_all(b"\x04print('kept', booted)\x04").unwrap();
            expect(&mut tty, b"soft reboot");
            expect(&mut tty, b"OKkept True\r\n\x04\x04>");
            continue;
        }
        tty.write_all(b"\x04").unwrap();
        expect(&mut tty, b"soft reboot");
        expect(&mut tty, b">");
        if reset == 10 {
            after_ten = rss_and_fds(pid);
        }
    }
    let after_hundred = rss_and_fds(pid);
    assert_eq!(device.child.id(), pid);
    assert!(
        after_hundred.0 < after_ten.0 + 8 * 1024,
        "memory grew from {} KiB after 10 resets to {} KiB after 100",
        after_ten.0,
        after_hundred.0
    );
    assert_eq!(after_hundred.1, after_ten.1, "open descriptors");
    drop(tty);
    assert_eq!(device.ok(&["exec", "print(booted)"]), "True\n");
}

/// Types `steps` (bytes, then seconds to wait) into the device's friendly
/// REPL through its link, as a terminal program does; what came back.
fn type_into(device: &Device, steps: &[(&str, f64)]) -> String {
    let script = r#"
import os, select, sys, time, tty
fd = os.open(sys.argv[1], os.O_RDWR | os.O_NOCTTY)
tty.setraw(fd)
out = b""
for i in range(2, len(sys.argv), 2):
    os.write(fd, sys.argv[i].encode().decode("unicode_escape").encode("latin-1"))
    end = time.time() + float(sys.argv[i + 1])
    while time.time() < end:
        if select.select([fd], [], [], 0.05)[0]:
            out += os.read(fd, 4096)
sys.stdout.write(out.decode(errors="replace").replace("\r\n", "\n"))
"#;
    let mut command = Command::new("python3");
    command.args(["-c", script]).arg(&device.link);
    for (text, wait) in steps {
        command.arg(text).arg(wait.to_string());
    }
    let out = command.output().expect("python3 runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn input_reads_a_line_typed_on_the_serial_link() {
    let dir = scratch_dir("device_input");
    let device = Device::start(&dir);
    let shown = type_into(
        &device,
        &[
            ("\\r", 0.5),
            ("name = input('name? ')\\r", 0.5),
            ("bob\\r", 0.5),
            ("print('hello', name)\\r", 0.5),
            ("import sys; sys.stdin.readline()\\r", 0.3),
            ("\\x03", 0.5),
        ],
    );
    for expected in ["name? bob\n>>> ", "hello bob\n", "KeyboardInterrupt\n>>> "] {
        assert!(
            shown.contains(expected),
            "missing {expected:?} in:\n{shown}"
        );
    }
}

#[test]
fn mpremote_rtc_sets_and_reads_the_devices_clock() {
    let dir = scratch_dir("device_rtc");
    let device = Device::start(&dir);
    device.ok(&[
        "exec",
        "import machine; machine.RTC().datetime((2031, 5, 6, 0, 7, 8, 9, 0))",
    ]);
    let shown = device.ok(&["exec", "import time; print(time.localtime()[:3])"]);
    assert_eq!(shown, "(2031, 5, 6)\n");
    device.ok(&["rtc", "--set"]);
    let shown = device.ok(&["rtc"]);
    let year = 1970
        + std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs()
            / 31_556_952;
    assert!(shown.starts_with(&format!("({year}, ")), "{shown}");
}

#[test]
fn the_friendly_repl_edits_lines_as_a_boards_does() {
    let dir = scratch_dir("device_editing");
    let device = Device::start(&dir);
    let shown = type_into(
        &device,
        &[
            ("\\r", 0.4),
            ("import asyncio\\r", 0.4),
            // Tab completes the one match.
            ("asyncio.sleep_\\t", 0.4),
            ("(0)\\r", 0.4),
            ("pri\\t", 0.4),
            ("(6 * 7)\\r", 0.4),
            // Up brings the last line back; Left and Backspace edit it.
            ("\\x1b[A\\x1b[D\\x7f8\\r", 0.4),
            // Several matches are listed, and the line shown again.
            ("is\\t", 0.4),
            ("instance(1, int)\\r", 0.4),
            // Auto-indent after a colon; an empty line ends the block.
            ("for i in range(2):\\r", 0.4),
            ("print(i)\\r", 0.4),
            ("\\r", 0.5),
        ],
    );
    for expected in [
        ">>> asyncio.sleep_ms",
        ">>> print(6 * 7)\n42\n",
        "\n48\n",
        "\nisinstance      issubclass\n>>> is",
        "True\n",
        "...     print(i)\n",
        "0\n1\n>>> ",
    ] {
        assert!(
            shown.contains(expected),
            "missing {expected:?} in:\n{shown:?}"
        );
    }
}

#[test]
fn control_and_signals_drive_a_devices_pins_between_prompts() {
    let dir = scratch_dir("device_control");
    let socket = dir.join("board.sock");
    let socket_arg = socket.to_string_lossy().into_owned();
    let device = Device::start_with(
        &dir,
        &["--control", &socket_arg, "--signal", "USR1=USR:press"],
    );
    device.ok(&[
        "resume",
        "exec",
        "import pyb, machine; presses = []; pyb.Switch().callback(lambda: presses.append(1)); x1 = machine.Pin('X1', machine.Pin.IN)",
    ]);
    let pin = |words: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_pinloop"))
            .args(["pin", "--control", &socket_arg])
            .args(words)
            .output()
            .unwrap();
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            out.status.code(),
        )
    };
    // Served while the device waits at its prompt.
    assert_eq!(pin(&["X1", "1"]).1, Some(0));
    assert_eq!(pin(&["X1"]).0, "1\n");
    // SAFETY: kill() only sends a signal to the child's pid.
    unsafe {
        libc::kill(device.child.id() as libc::pid_t, libc::SIGUSR1);
    }
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        device.ok(&["resume", "exec", "print(len(presses), x1.value())"]),
        "1 1\n"
    );
    // A soft reset starts a fresh board, and the socket serves it.
    device.ok(&["soft-reset"]);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(pin(&["X1"]).0, "0\n");
    drop(device);
    assert!(
        !socket.exists(),
        "the socket is removed when the device stops"
    );
}

/// `mpremote mount DIR` sends a filesystem written in Python, which talks
/// to mpremote over the serial line (`sys.stdin.buffer`, `select.poll`,
/// `kbd_intr(-1)`); `os.mount` puts it at `/remote`, and `import main`
/// then runs the local folder's files on the device.
#[test]
fn mpremote_mount_runs_a_local_folder_on_the_device() {
    let dir = scratch_dir("device_mount");
    let device = Device::start(&dir);
    let local = dir.join("local");
    std::fs::create_dir_all(local.join("lib")).unwrap();
    std::fs::write(
        local.join("main.py"),
        "import os, config\nprint('main in', os.getcwd(), config.VALUE)\n",
    )
    .unwrap();
    std::fs::write(local.join("config.py"), "VALUE = 42\n").unwrap();
    std::fs::write(local.join("lib/driver.py"), "NAME = 'driver'\n").unwrap();
    // As the README says: from the project's folder, `mount .`.
    let (shown, err, success) =
        device.mpremote_in(&local, &["mount", ".", "exec", "import main"], &[]);
    assert!(success, "{shown}{err}");
    assert!(shown.ends_with("main in /remote 42\n"), "{shown}");
    let shown = device.ok(&[
        "mount",
        local.to_str().unwrap(),
        "exec",
        "import sys; sys.path.append('/remote/lib'); import driver; print(driver.NAME)",
    ]);
    assert!(shown.ends_with("driver\n"), "{shown}");
    // Files written and listed through the mount are the local folder's.
    let shown = device.ok(&[
        "mount",
        local.to_str().unwrap(),
        "exec",
        "f = open('made.txt', 'w'); f.write('on the host\\n'); f.close(); \
         import os, vfs; print(sorted(os.listdir())); print(vfs.mount()[1][1])",
    ]);
    assert!(
        shown.ends_with("['config.py', 'lib', 'made.txt', 'main.py']\n/remote\n"),
        "{shown}"
    );
    assert_eq!(
        std::fs::read_to_string(local.join("made.txt")).unwrap(),
        "on the host\n"
    );
    // After the mount ends, /remote is gone and the device's folder is /.
    let shown = device.ok(&[
        "exec",
        "import os; print(os.getcwd(), 'remote' in os.listdir('/'))",
    ]);
    assert_eq!(shown, "/ False\n");
}

/// `mpremote df` lists the board's filesystems with `vfs.mount()` and
/// `os.statvfs`.
#[test]
fn mpremote_df_reports_the_devices_folder() {
    let dir = scratch_dir("device_df");
    let device = Device::start(&dir);
    let shown = device.ok(&["df"]);
    let lines: Vec<&str> = shown.lines().collect();
    assert!(lines[0].starts_with("filesystem"), "{shown}");
    assert!(
        lines.len() == 2 && lines[1].starts_with("<VfsPosix>") && lines[1].ends_with(" /"),
        "{shown}"
    );
}

/// `--vcd` on a device: the recording goes on across soft resets (each a
/// new process, which takes over the board's clock and the recording) and
/// is written when the device is stopped.
#[test]
fn a_devices_vcd_spans_soft_resets() {
    let dir = scratch_dir("device_vcd");
    let vcd = dir.join("board.vcd");
    let device = Device::start_with(
        &dir,
        &["--clock", "virtual", "--vcd", vcd.to_str().unwrap()],
    );
    let shown = device.ok(&[
        "exec",
        "from machine import Pin; import time; p = Pin('LED', Pin.OUT); p.value(1); \
         time.sleep_ms(5); p.value(0); print(time.ticks_ms())",
        "soft-reset",
        "exec",
        "from machine import Pin; import time; time.sleep_ms(10); \
         Pin('LED2', Pin.OUT).value(1); print(time.ticks_ms())",
    ]);
    assert_eq!(shown, "5\n15\n", "board time goes on across the reset");
    drop(device);
    let text = std::fs::read_to_string(&vcd).expect("the VCD is written at SIGTERM");
    let led = text
        .lines()
        .find_map(|l| l.strip_suffix(" LED $end")?.strip_prefix("$var wire 1 "))
        .expect("LED declared")
        .to_owned();
    let led2 = text
        .lines()
        .find_map(|l| l.strip_suffix(" LED2 $end")?.strip_prefix("$var wire 1 "))
        .expect("LED2 declared")
        .to_owned();
    let changes = text.split("$end\n").last().unwrap();
    assert_eq!(
        changes,
        format!("#5000\n0{led}\n#15000\n1{led2}\n"),
        "{text}"
    );
}
