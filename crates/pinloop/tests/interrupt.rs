//! Ctrl-C at any moment. Real processes get SIGINT at many different
//! moments (spread over start-up and the run, from a fixed seed so a
//! failure reproduces) while they run loops, generators, coroutines,
//! comprehensions, with and try blocks, and asyncio tasks; each must end
//! with a KeyboardInterrupt traceback and exit status 130, never a panic, a
//! hang or a normal exit; so must Timer callbacks and scheduled functions
//! that loop, and a flood of timers that cannot keep up. In device mode, Ctrl-C from the host interrupts
//! such code and the device goes on serving.

use std::io::{Read as _, Write as _};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Programs that never end by themselves, each busy in a different shape.
const SCRIPTS: &[(&str, &str)] = &[
    (
        "generator",
        "def g():\n    while True:\n        yield\nfor _ in g(): pass\n",
    ),
    (
        "comprehensions",
        "n = 0\nwhile True:\n    n += len([i * i for i in range(50)])\n    d = {k: k for k in range(9)}\n",
    ),
    (
        "try_with_finally",
        "class CM:\n    def __enter__(self): return self\n    def __exit__(self, *a): return False\n\
         def gen():\n    n = 0\n    while True:\n        try:\n            n += 1\n            yield [i * n for i in range(5)]\n        finally:\n            n -= 1\n\
         count = 0\nwhile True:\n    for v in gen():\n        with CM():\n            count += sum(v)\n        try:\n            count += 1\n        except ValueError:\n            pass\n",
    ),
    (
        "asyncio_tasks",
        "import asyncio\n\
         async def spin():\n    while True:\n        await asyncio.sleep(0)\n        x = [j * j for j in range(20)]\n\
         async def nap():\n    while True:\n        await asyncio.sleep_ms(1)\n\
         async def main():\n    for i in range(10):\n        asyncio.create_task(spin())\n        asyncio.create_task(nap())\n    await asyncio.sleep(100)\n\
         asyncio.run(main())\n",
    ),
    (
        "async_generators",
        "import asyncio\n\
         async def agen():\n    i = 0\n    while True:\n        yield i\n        i += 1\n\
         async def main():\n    total = 0\n    async for v in agen():\n        try:\n            total += sum([x for x in range(v % 7)])\n        except ValueError:\n            pass\n        if v % 100 == 0:\n            await asyncio.sleep(0)\n\
         asyncio.run(main())\n",
    ),
    (
        "sleeping",
        "import time\nwhile True:\n    time.sleep_ms(3)\n",
    ),
    ("start_up", "import asyncio, time\ntime.sleep(0.4)\n"),
    // Callbacks the VM runs from its eval breaker (issue 19.10, 19.11).
    (
        "timer_callback_loop",
        "from machine import Timer\nimport time\n\
         def cb(t):\n    while True:\n        pass\n\
         Timer(-1).init(period=5, mode=Timer.ONE_SHOT, callback=cb)\n\
         while True:\n    time.sleep_ms(1)\n",
    ),
    (
        "self_scheduling",
        "import micropython\n\
         def again(_):\n    micropython.schedule(again, None)\n\
         micropython.schedule(again, None)\nwhile True:\n    pass\n",
    ),
    (
        "timer_flood",
        "from machine import Timer\nimport time\n\
         def cb(t):\n    for i in range(200): pass\n\
         timers = [Timer(-1) for _ in range(3000)]\n\
         for t in timers:\n    t.init(period=1, mode=Timer.PERIODIC, callback=cb)\n\
         while True:\n    time.sleep(0.5)\n",
    ),
];

/// Runs per script; the delays, counted from the moment pinloop's `main`
/// has taken charge of SIGINT, spread over 0-150 ms (start-up takes about
/// 20 ms, so the first runs land in it). Before that moment the signal
/// meets the kernel's default action, as for any program still loading.
const RUNS: u64 = 10;

fn scratch_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A small deterministic generator (xorshift), so a failing moment can be
/// found again from the printed delay.
struct Moments(u64);

impl Moments {
    fn next_ms(&mut self, low: u64, high: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        low + self.0 % (high - low)
    }
}

#[test]
fn sigint_at_any_moment_gives_keyboard_interrupt_and_status_130() {
    let dir = scratch_dir("interrupt");
    let mut moments = Moments(0x9E37_79B9_7F4A_7C15);
    let mut failures = Vec::new();
    for (name, source) in SCRIPTS {
        let path = dir.join(format!("{name}.py"));
        std::fs::write(&path, source).unwrap();
        for run in 0..RUNS {
            let delay = if run < 3 {
                moments.next_ms(0, 30)
            } else {
                moments.next_ms(0, 150)
            };
            let (status, stderr) = interrupt_after(&path, Duration::from_millis(delay));
            let ends_well = stderr.trim_end().ends_with("KeyboardInterrupt");
            if status != Some(130) || !ends_well || stderr.contains("panicked") {
                failures.push(format!(
                    "{name} with SIGINT at {delay} ms: status {status:?}, stderr:\n{stderr}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n---\n"));
}

/// Starts `pinloop SCRIPT`, sends SIGINT after `delay`, and returns its exit
/// status and stderr; a process still alive 10 s later is a hang.
fn interrupt_after(script: &std::path::Path, delay: Duration) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pinloop"))
        .arg(script)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_until_main_blocks_sigint(child.id());
    std::thread::sleep(delay);
    // SAFETY: kill takes a pid and a signal number; no memory is passed.
    unsafe {
        libc::kill(child.id() as libc::pid_t, libc::SIGINT);
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut stderr = String::new();
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut stderr)
                .unwrap();
            return (status.code(), stderr);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return (None, "(still running 10 s after SIGINT: killed)".to_owned());
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Waits until the process's first thread blocks SIGINT (its `SigBlk` in
/// /proc has bit 2): pinloop's `main` does that before anything else, so
/// from then on a SIGINT reaches pinloop's own handling. Gives up after
/// 10 s (the process may also have ended already).
fn wait_until_main_blocks_sigint(pid: u32) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) else {
            return;
        };
        let blocked = status
            .lines()
            .find_map(|l| l.strip_prefix("SigBlk:"))
            .and_then(|mask| u64::from_str_radix(mask.trim(), 16).ok())
            .unwrap_or(0);
        if blocked & (1 << (libc::SIGINT - 1)) != 0 {
            return;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
}

/// A device's pty, read and written directly, as a terminal program would.
struct Pty {
    file: std::fs::File,
    seen: Vec<u8>,
}

impl Pty {
    /// Reads until `needle` has arrived since the last call, or panics
    /// after 10 s with what came.
    fn expect(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut buffer = [0u8; 4096];
        loop {
            if let Some(at) = find(&self.seen, needle.as_bytes()) {
                let upto = at + needle.len();
                let text = String::from_utf8_lossy(&self.seen[..upto]).into_owned();
                self.seen.drain(..upto);
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "waited 10 s for {needle:?}; the device sent {:?}",
                String::from_utf8_lossy(&self.seen)
            );
            match self.file.read(&mut buffer) {
                Ok(n) => self.seen.extend_from_slice(&buffer[..n]),
                Err(err) if err.kind() == std::io::ErrorKind::WouldBlock => {
                    std::thread::sleep(Duration::from_millis(5))
                }
                Err(err) => panic!("reading the pty: {err}"),
            }
        }
    }

    fn send(&mut self, bytes: &[u8]) {
        self.file.write_all(bytes).unwrap();
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn ctrl_c_from_the_host_interrupts_device_code_and_the_device_goes_on() {
    use std::os::unix::fs::OpenOptionsExt as _;
    let dir = scratch_dir("interrupt_device");
    let link = dir.join("tty");
    let fs = dir.join("fs");
    std::fs::create_dir_all(&fs).unwrap();
    let mut device = Command::new(env!("CARGO_BIN_EXE_pinloop"))
        .arg("--device")
        .arg(&link)
        .arg("--fs")
        .arg(&fs)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !link.exists() {
        assert!(Instant::now() < deadline, "the device link never appeared");
        std::thread::sleep(Duration::from_millis(20));
    }
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(&link)
        .unwrap();
    let mut pty = Pty {
        file,
        seen: Vec::new(),
    };
    pty.send(b"\r\x03\x03\x01");
    pty.expect("raw REPL; CTRL-B to exit\r\n>");
    let mut moments = Moments(0x2545_F491_4F6C_DD1D);
    let busy: Vec<&str> = SCRIPTS
        .iter()
        .filter(|(name, _)| !matches!(*name, "start_up" | "asyncio_tasks"))
        .map(|(_, source)| *source)
        .collect();
    for round in 0..12 {
        let source = busy[round % busy.len()];
        pty.send(source.as_bytes());
        pty.send(b"\x04");
        pty.expect("OK");
        std::thread::sleep(Duration::from_millis(moments.next_ms(5, 120)));
        pty.send(b"\x03");
        let reply = pty.expect("\x04>");
        assert!(
            reply.contains("KeyboardInterrupt"),
            "round {round}: the device answered {reply:?}"
        );
        pty.send(b"print(6 * 7)\x04");
        let reply = pty.expect("\x04>");
        assert!(reply.contains("42"), "round {round}: afterwards {reply:?}");
    }
    // SAFETY: kill takes a pid and a signal number; no memory is passed.
    unsafe {
        libc::kill(device.id() as libc::pid_t, libc::SIGTERM);
    }
    let _ = device.wait();
}
