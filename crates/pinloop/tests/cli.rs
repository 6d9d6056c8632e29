//! Command-line behaviour the script suite cannot express: signals, the
//! environment, arguments after FILE, and a terminal-less start.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn pinloop() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pinloop"));
    command.env_remove("MICROPYPATH");
    command
}

/// A fresh folder under the target directory for files a test writes.
fn scratch_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Starts `code`, waits for its `ready` line, sends SIGINT, and returns
/// what it printed afterwards and how it exited.
fn interrupt(code: &str) -> (String, String, Option<i32>) {
    let mut child = pinloop()
        .args(["-c", code])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    assert_eq!(line, "ready\n");
    std::thread::sleep(Duration::from_millis(50));
    // SAFETY: kill() only sends a signal to the child's pid; no memory is
    // shared with the callee.
    let sent = unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    assert_eq!(sent, 0);
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "SIGINT did not stop the program");
        std::thread::sleep(Duration::from_millis(10));
    };
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (rest, stderr, status.code())
}

#[test]
fn sigint_interrupts_a_busy_loop_with_keyboard_interrupt() {
    let (stdout, stderr, status) = interrupt("print('ready', flush=True)\nwhile True: pass\n");
    assert_eq!(stdout, "");
    assert_eq!(
        stderr,
        "Traceback (most recent call last):\n  File \"<string>\", line 2, in <module>\nKeyboardInterrupt\n"
    );
    assert_eq!(status, Some(130));
}

#[test]
fn sigint_interrupts_a_blocking_sleep_and_can_be_caught() {
    let (stdout, stderr, status) = interrupt(
        "import time\nprint('ready', flush=True)\ntry:\n    time.sleep(30)\nexcept KeyboardInterrupt:\n    print('caught')\n",
    );
    assert_eq!(stdout, "caught\n");
    assert_eq!(stderr, "");
    assert_eq!(status, Some(0));
}

#[test]
fn arguments_after_the_file_are_sys_argv() {
    let dir = scratch_dir("argv");
    std::fs::write(dir.join("show.py"), "import sys\nprint(sys.argv)\n").unwrap();
    let output = pinloop()
        .current_dir(&dir)
        .args(["show.py", "a", "-i", "--flag", "-c"])
        .output()
        .unwrap();
    assert_eq!(
        text(&output.stdout),
        "['show.py', 'a', '-i', '--flag', '-c']\n"
    );
    assert!(output.status.success());
}

#[test]
fn micropypath_comes_after_the_script_folder_and_before_frozen_modules() {
    let dir = scratch_dir("micropypath");
    for sub in ["app", "libs_a", "libs_b"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    std::fs::write(dir.join("libs_a/driver.py"), "WHERE = 'libs_a'\n").unwrap();
    std::fs::write(dir.join("libs_b/driver.py"), "WHERE = 'libs_b'\n").unwrap();
    std::fs::write(dir.join("libs_b/only_b.py"), "WHERE = 'libs_b only'\n").unwrap();
    std::fs::write(
        dir.join("app/main.py"),
        "import sys, driver, only_b\nprint(sys.path)\nprint(driver.WHERE, only_b.WHERE)\n",
    )
    .unwrap();
    let run = |micropypath: &str| -> Output {
        pinloop()
            .current_dir(&dir)
            .env("MICROPYPATH", micropypath)
            .arg("app/main.py")
            .output()
            .unwrap()
    };
    let output = run("libs_a:libs_b");
    assert_eq!(
        text(&output.stdout),
        "['app', 'libs_a', 'libs_b', '.frozen']\nlibs_a libs_b only\n"
    );
    // The script's folder wins over MICROPYPATH.
    std::fs::write(dir.join("app/driver.py"), "WHERE = 'app'\n").unwrap();
    let output = run("libs_a:libs_b");
    assert_eq!(
        text(&output.stdout),
        "['app', 'libs_a', 'libs_b', '.frozen']\napp libs_b only\n"
    );
}

#[test]
fn without_a_file_a_program_is_read_from_standard_input() {
    let mut child = pinloop()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"import sys\nprint(sys.argv, 6 * 7)\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(text(&output.stdout), "[''] 42\n");
    assert_eq!(text(&output.stderr), "");
    assert!(output.status.success());
}

#[test]
fn help_describes_the_command_line() {
    let output = pinloop().arg("--help").output().unwrap();
    let help = text(&output.stdout);
    assert!(output.status.success());
    for needle in [
        "usage: pinloop",
        "-c CODE",
        "-m MODULE",
        "-i",
        "MICROPYPATH",
        "exit status",
    ] {
        assert!(help.contains(needle), "--help lacks {needle:?}:\n{help}");
    }
}

#[test]
fn a_missing_option_value_is_a_usage_error() {
    let output = pinloop().arg("-c").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        text(&output.stderr),
        "pinloop: option -c needs an argument\nusage: pinloop [OPTIONS] [FILE | DIR | -c CODE | -m MODULE | -] [ARGS]...\nTry 'pinloop --help' for more information.\n"
    );
}

#[test]
fn the_dialect_applies_to_code_given_with_c() {
    let output = pinloop()
        .args(["-c", "def f():\n    await g()\nprint(type(f()).__name__)\n"])
        .output()
        .unwrap();
    assert_eq!(text(&output.stderr), "");
    assert_eq!(text(&output.stdout), "generator\n");
    assert_eq!(output.status.code(), Some(0));
}

/// CPU time (user + system) a finished child used, from `wait4`.
#[expect(clippy::zombie_processes, reason = "wait4 reaps the child")]
fn run_and_measure_cpu(args: &[&str]) -> (Duration, Duration, i32) {
    let started = Instant::now();
    let child = pinloop().args(args).stdin(Stdio::null()).spawn().unwrap();
    let mut status = 0;
    // SAFETY: `usage` is a plain C struct, valid when zeroed, that wait4
    // fills during the call; `status` is a live local; the pid is our child.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage);
        usage
    };
    let wall = started.elapsed();
    let to_duration = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    let cpu = to_duration(usage.ru_utime) + to_duration(usage.ru_stime);
    (wall, cpu, libc::WEXITSTATUS(status))
}

#[test]
fn an_idle_event_loop_uses_no_cpu() {
    let code = "import asyncio\n\
                async def main():\n    await asyncio.gather(asyncio.sleep(0.6), asyncio.sleep_ms(300))\n\
                asyncio.run(main())\n";
    let (wall, cpu, status) = run_and_measure_cpu(&["-c", code]);
    assert_eq!(status, 0);
    assert!(wall >= Duration::from_millis(600), "slept {wall:?}");
    // Start-up and shut-down take a few milliseconds; a busy wait would
    // take the whole 600.
    assert!(
        cpu < Duration::from_millis(200),
        "used {cpu:?} of CPU while idle"
    );
}

#[test]
fn sigint_reaches_the_top_through_an_idle_event_loop() {
    let code = "import asyncio\n\
                async def main():\n    print('ready', flush=True)\n    await asyncio.sleep(30)\n\
                try:\n    asyncio.run(main())\nexcept KeyboardInterrupt:\n    print('KeyboardInterrupt at the top')\n";
    let (stdout, stderr, status) = interrupt(code);
    assert_eq!(stderr, "");
    assert_eq!(stdout, "KeyboardInterrupt at the top\n");
    assert_eq!(status, Some(0));
}

/// Runs `code` with one of its output streams a pipe whose reader leaves
/// after the first line, as `| head -1` does; returns the exit status.
fn reader_leaves_after_one_line(code: &str, stderr: bool) -> Option<i32> {
    let mut command = pinloop();
    command.args(["-c", code]).stdin(Stdio::null());
    if stderr {
        command.stdout(Stdio::null()).stderr(Stdio::piped());
    } else {
        command.stdout(Stdio::piped()).stderr(Stdio::null());
    }
    let mut child = command.spawn().unwrap();
    let pipe: Box<dyn std::io::Read> = if stderr {
        Box::new(child.stderr.take().unwrap())
    } else {
        Box::new(child.stdout.take().unwrap())
    };
    let mut first = String::new();
    BufReader::new(pipe).read_line(&mut first).unwrap();
    assert_eq!(first, "0\n");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code();
        }
        assert!(Instant::now() < deadline, "the program did not end");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn a_closed_output_pipe_ends_the_program_without_a_panic() {
    let to_stderr = "import sys\nfor i in range(100000): print(i, file=sys.stderr)\n";
    assert_eq!(reader_leaves_after_one_line(to_stderr, true), Some(1));
    let to_stdout = "for i in range(100000): print(i)\n";
    assert_eq!(reader_leaves_after_one_line(to_stdout, false), Some(1));
}

#[test]
fn an_endless_program_file_is_refused_not_read_forever() {
    let output = pinloop().arg("/dev/zero").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        text(&output.stderr),
        "pinloop: can't open file '/dev/zero': larger than 16 MiB: a program is text of a sane size\n"
    );
}
