//! What pinloop itself writes survives the ways a run ends (issue 19.5-7,
//! 19.17): SIGTERM, SIGHUP, SIGINT and an uncaught exception leave a
//! complete VCD and no control socket; SIGKILL leaves the earlier VCD as it
//! was; an output that cannot be written ends the run with status 1. Real
//! processes on the real clock, each bounded in time.

use std::io::{BufRead as _, BufReader};
use std::os::unix::process::ExitStatusExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// Any run that takes longer has failed.
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

/// A script toggling X1 for ever, busy in Python or sleeping; it prints
/// `ready` once it runs.
fn toggler(busy: bool) -> String {
    let wait = if busy {
        "for _ in range(2000): pass"
    } else {
        "time.sleep_ms(5)"
    };
    format!(
        "import time\nfrom machine import Pin\nx1 = Pin('X1', Pin.OUT)\n\
         print('ready', flush=True)\nwhile True:\n    x1.toggle()\n    {wait}\n"
    )
}

/// Starts pinloop and waits for its first line (`ready`).
fn start(args: &[&str], code: &str, stdin: Stdio) -> Child {
    let mut child = pinloop()
        .args(args)
        .args(["-c", code])
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(line, "ready\n");
    child
}

fn signal(child: &Child, signal: libc::c_int) {
    // SAFETY: kill(2) with the pid of a child this test started and has
    // not yet waited for (so the pid is not reused); no memory is shared.
    unsafe {
        libc::kill(child.id() as libc::pid_t, signal);
    }
}

fn wait(child: &mut Child) -> ExitStatus {
    let deadline = Instant::now() + BOUND;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("pinloop did not end");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Reads the VCD with vcdvcd (PyPI; `.ci/run` installs it) and returns
/// how many changes X1 has.
fn x1_changes(vcd: &Path) -> usize {
    let reader = "\
import sys, vcdvcd
vcd = vcdvcd.VCDVCD(sys.argv[1])
x1 = vcd[[s for s in vcd.signals if s.split('.')[-1] == 'X1'][0]]
print(len(x1.tv))
";
    let read = Command::new("python3")
        .args(["-c", reader])
        .arg(vcd)
        .output()
        .expect("python3 runs the VCD reader");
    assert!(
        read.status.success(),
        "the VCD does not read back (pip install vcdvcd): {}",
        String::from_utf8_lossy(&read.stderr)
    );
    String::from_utf8_lossy(&read.stdout)
        .trim()
        .parse()
        .unwrap()
}

/// Only the named files are in `dir` (no temporary left behind).
fn assert_only(dir: &Path, names: &[&str]) {
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    assert_eq!(found, names, "in {}", dir.display());
}

#[test]
fn sigterm_and_sighup_complete_the_vcd_and_remove_the_socket() {
    for (sig, name) in [(libc::SIGTERM, "term"), (libc::SIGHUP, "hup")] {
        for busy in [false, true] {
            let dir = scratch_dir(&format!("termination_{name}_{busy}"));
            let vcd = dir.join("run.vcd");
            let socket = dir.join("ctl");
            std::fs::write(&vcd, "an earlier recording\n").unwrap();
            let args = [
                "--vcd",
                vcd.to_str().unwrap(),
                "--control",
                socket.to_str().unwrap(),
            ];
            let mut child = start(&args, &toggler(busy), Stdio::null());
            assert!(socket.exists());
            std::thread::sleep(Duration::from_millis(300));
            signal(&child, sig);
            let status = wait(&mut child);
            assert_eq!(status.signal(), Some(sig), "{name} busy={busy}: {status:?}");
            assert_only(&dir, &["run.vcd"]);
            assert!(x1_changes(&vcd) > 3, "{name} busy={busy}");
        }
    }
}

#[test]
fn a_vm_blocked_in_native_code_still_ends_on_sigterm_without_its_socket() {
    let dir = scratch_dir("termination_blocked");
    let socket = dir.join("ctl");
    let code = "print('ready', flush=True)\ninput()\n";
    let (reader, _writer) = std::io::pipe().unwrap();
    let mut child = start(
        &["--control", socket.to_str().unwrap()],
        code,
        Stdio::from(reader),
    );
    signal(&child, libc::SIGTERM);
    let status = wait(&mut child);
    assert_eq!(status.signal(), Some(libc::SIGTERM), "{status:?}");
    assert!(!socket.exists());
}

#[test]
fn sigint_and_an_uncaught_exception_complete_the_vcd() {
    let dir = scratch_dir("termination_sigint");
    let vcd = dir.join("run.vcd");
    let mut child = start(
        &["--vcd", vcd.to_str().unwrap()],
        &toggler(false),
        Stdio::null(),
    );
    std::thread::sleep(Duration::from_millis(300));
    signal(&child, libc::SIGINT);
    assert_eq!(wait(&mut child).code(), Some(130));
    assert!(x1_changes(&vcd) > 3);

    let code = "import time\nfrom machine import Pin\nx1 = Pin('X1', Pin.OUT)\n\
                for _ in range(6):\n    time.sleep_ms(1)\n    x1.toggle()\n\
                raise ValueError('boom')\n";
    let out = pinloop()
        .args([
            "--clock",
            "virtual",
            "--vcd",
            vcd.to_str().unwrap(),
            "-c",
            code,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(x1_changes(&vcd), 7);
    assert_only(&dir, &["run.vcd"]);
}

#[test]
fn a_killed_run_keeps_the_earlier_vcd() {
    let dir = scratch_dir("termination_kill");
    let vcd = dir.join("run.vcd");
    let out = pinloop()
        .args(["--vcd", vcd.to_str().unwrap(), "-c"])
        .arg("from machine import Pin\nPin('X1', Pin.OUT).on()\n")
        .output()
        .unwrap();
    assert!(out.status.success());
    let earlier = std::fs::read(&vcd).unwrap();
    for busy in [false, true] {
        let mut child = start(
            &["--vcd", vcd.to_str().unwrap()],
            &toggler(busy),
            Stdio::null(),
        );
        std::thread::sleep(Duration::from_millis(200));
        signal(&child, libc::SIGKILL);
        wait(&mut child);
        assert_eq!(std::fs::read(&vcd).unwrap(), earlier, "busy={busy}");
    }
}

#[test]
fn outputs_that_cannot_be_written_end_the_run_with_status_1() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    let code = "from machine import Pin\nx1 = Pin('X1', Pin.OUT)\n\
                for _ in range(3): x1.toggle()\nprint('done')\n";
    let cases = [
        ("--vcd", "pinloop: --vcd /dev/full: "),
        ("--pin-log", "pinloop: --pin-log: "),
    ];
    for (option, message) in cases {
        let out = pinloop()
            .args([option, "/dev/full", "-c", code])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{option}: {err}");
        assert_eq!(String::from_utf8_lossy(&out.stdout), "done\n");
        assert!(err.contains(message), "{option}: {err}");
        assert_eq!(err.lines().count(), 1, "{option}: reported once: {err}");
    }
}
