//! Project mode, `pinloop DIR`: a firmware folder run as a board runs it
//! (boot.py, main.py, `/lib`, DIR as `/`), the example project the README
//! runs first, and the usage errors around it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn pinloop() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pinloop"));
    command
        .env_remove("MICROPYPATH")
        .env_remove("PINLOOP_CLOCK");
    command
}

/// A fresh folder holding `files` (path, contents).
fn project(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    for (path, contents) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(args: &[&str], dir: &Path, stdin: &str) -> Output {
    use std::io::Write as _;
    let mut child = pinloop()
        .args(args)
        .arg(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const EXAMPLE_OUTPUT: &str = "\
boot.py: running on pyboard
uart: sensor 21000
button pressed, 1 so far
uart: sensor 21000
button pressed, 2 so far
uart: sensor 21000
uart: sensor 21000
";

#[test]
fn the_example_firmware_runs_on_its_bench_as_the_readme_says() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let output = pinloop()
        .current_dir(&root)
        .args([
            "--clock",
            "virtual",
            "--run-for",
            "4.5",
            "--board",
            "examples/firmware.toml",
        ])
        .arg("examples/firmware")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(text(&output.stderr), "");
    assert_eq!(text(&output.stdout), EXAMPLE_OUTPUT);
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn boot_then_main_run_with_the_folder_as_root_and_lib_on_the_path() {
    let dir = project(
        "project-basic",
        &[
            (
                "boot.py",
                "import sys\nprint('boot', sys.path)\nboot_value = 42\n",
            ),
            (
                "main.py",
                "import os, driver\nprint('main', boot_value, driver.NAME)\n\
                 print(open('/data.txt').read(), open('data.txt').read())\n\
                 print(sorted(os.listdir('/')), os.getcwd())\n\
                 with open('/out.txt', 'w') as f:\n    f.write('written')\n",
            ),
            ("lib/driver.py", "NAME = 'driver from /lib'\n"),
            ("data.txt", "data"),
        ],
    );
    let output = run(&[], &dir, "");
    assert_eq!(
        text(&output.stdout),
        "boot ['', '.frozen', '/lib']\nmain 42 driver from /lib\ndata data\n\
         ['boot.py', 'data.txt', 'lib', 'main.py'] /\n"
    );
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(dir.join("out.txt")).unwrap(),
        "written"
    );
}

#[test]
fn a_failing_boot_py_is_reported_and_main_py_still_runs_and_sets_the_status() {
    let dir = project(
        "project-failing",
        &[
            ("boot.py", "1/0\n"),
            ("main.py", "print('main runs')\nraise ValueError('bad')\n"),
        ],
    );
    let output = run(&[], &dir, "");
    assert_eq!(text(&output.stdout), "main runs\n");
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("File \"boot.py\", line 1") && stderr.contains("ZeroDivisionError"),
        "{stderr}"
    );
    assert!(
        stderr.contains("File \"main.py\", line 2") && stderr.contains("ValueError: bad"),
        "{stderr}"
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn dash_i_gives_the_prompt_with_main_py_s_globals() {
    let dir = project("project-inspect", &[("main.py", "counter = 7\n")]);
    let output = run(&["-i"], &dir, "print(counter * 6)\n");
    assert!(
        text(&output.stdout).contains("42"),
        "{}",
        text(&output.stdout)
    );
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn paths_do_not_leave_the_folder() {
    let dir = project(
        "project-confined",
        &[(
            "main.py",
            "import os\nprint(os.listdir('/..') == os.listdir('/'))\nopen('/../../escape.txt', 'w').write('x')\n",
        )],
    );
    let output = run(&[], &dir, "");
    assert_eq!(text(&output.stdout), "True\n");
    assert!(
        dir.join("escape.txt").exists(),
        "`..` stops at the folder, as on a board"
    );
}

/// A filesystem written in Python, mounted with `vfs.mount`: `open`, the
/// `os` functions and `import` hand paths below the mount point to it.
const MEMORY_FS: &str = r#"
import os, sys, vfs

class MemoryFile:
    def __init__(self, data, text):
        self.data, self.text = data, text
    def read(self):
        return str(self.data, "utf8") if self.text else self.data
    def close(self):
        pass

class MemoryFS:
    def __init__(self, files):
        self.files = files
    def mount(self, readonly, mkfs):
        print("mount", readonly, mkfs)
    def umount(self):
        print("umount")
    def stat(self, path):
        if path == "/":
            return (0x4000, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        if path[1:] in self.files:
            return (0x8000, 0, 0, 0, 0, 0, len(self.files[path[1:]]), 0, 0, 0)
        raise OSError(2)
    def ilistdir(self, path):
        return iter([(name, 0x8000, 0) for name in self.files])
    def open(self, path, mode):
        if path[1:] not in self.files:
            raise OSError(2)
        return MemoryFile(self.files[path[1:]], "b" not in mode)
    def chdir(self, path):
        print("chdir", path)

vfs.mount(MemoryFS({"greet.py": b"WORD = 'hi'", "data.txt": b"abc"}), "/mem", readonly=True)
print([point for fs, point in vfs.mount()], os.listdir("/mem"))
print(open("/mem/data.txt").read(), os.stat("/mem/data.txt")[6])
sys.path.append("/mem")
import greet
print(greet.WORD, greet.__file__)
os.chdir("/mem")
print(os.getcwd(), open("data.txt", "rb").read())
try:
    vfs.mount(MemoryFS({}), "/mem")
except OSError as exc:
    print("mounted twice:", exc)
vfs.umount("/mem")
print(os.getcwd())
try:
    vfs.umount("/mem")
except OSError as exc:
    print("unmounted twice:", exc)
print(len(os.statvfs("/")), os.statvfs("/")[9] >= 32)
"#;

#[test]
fn vfs_mounts_a_python_filesystem_that_open_os_and_import_use() {
    let dir = project("project-vfs", &[("main.py", MEMORY_FS)]);
    let output = run(&[], &dir, "");
    assert_eq!(
        text(&output.stdout),
        "mount True False
\
         ['/', '/mem'] ['greet.py', 'data.txt']
\
         abc 3
\
         hi /mem/greet.py
\
         chdir /
\
         /mem b'abc'
\
         mounted twice: [Errno 1] EPERM
\
         umount
\
         /
\
         unmounted twice: [Errno 22] EINVAL
\
         10 True
",
        "{}",
        text(&output.stderr)
    );
    // A script alone has the host's files and no mount table.
    let script = pinloop().args(["-c", "import vfs"]).output().unwrap();
    assert!(text(&script.stderr).contains("ImportError: vfs needs a board's filesystem"));
}

/// A project's main.py that lives three times: a soft reset after its
/// first life, a hard reset after its second, then it ends.
const THREE_LIVES: &str = "\
import machine, os, time
n = int(open('lives').read()) if 'lives' in os.listdir() else 0
open('lives', 'w').write(str(n + 1))
print('main.py life', n, 'at', time.ticks_ms(), 'ms')
time.sleep(1)
if n == 0:
    machine.soft_reset()
elif n == 1:
    machine.reset()
print('done')
";

#[test]
fn resets_restart_a_project_with_boot_py_and_main_py_and_say_why() {
    let files = [
        (
            "boot.py",
            "import machine\nprint('boot.py, reset cause', machine.reset_cause())\n",
        ),
        ("main.py", THREE_LIVES),
    ];
    let dir = project("project-reset", &files);
    let output = run(&["--clock", "virtual"], &dir, "");
    assert_eq!(
        text(&output.stdout),
        "boot.py, reset cause 1\n\
         main.py life 0 at 0 ms\n\
         MPY: soft reboot\n\
         boot.py, reset cause 5\n\
         main.py life 1 at 1000 ms\n\
         boot.py, reset cause 2\n\
         main.py life 2 at 2000 ms\n\
         done\n"
    );
    assert_eq!(
        text(&output.stderr),
        "pinloop: machine.reset(): the board restarts (boot.py, main.py)\n"
    );
    assert_eq!(output.status.code(), Some(0));
    // --run-for counts from the first start, across the lives.
    let dir = project("project-reset-run-for", &files);
    let output = run(&["--clock", "virtual", "--run-for", "1.5"], &dir, "");
    assert!(
        text(&output.stdout).ends_with("main.py life 1 at 1000 ms\n"),
        "{}",
        text(&output.stdout)
    );
    assert_eq!(output.status.code(), Some(0));
}

/// Lives ended by a watchdog that stops being fed, then a deep sleep.
const WATCHDOG_LIVES: &str = "\
import machine, os, time
n = int(open('lives').read()) if 'lives' in os.listdir() else 0
open('lives', 'w').write(str(n + 1))
print('life', n, 'cause', machine.reset_cause(), 'at', time.ticks_ms(), 'ms')
if n == 0:
    wdt = machine.WDT(timeout=300)
    for _ in range(5):
        time.sleep_ms(200)
        wdt.feed()
    print('fed for 1 s')
    while True:
        time.sleep_ms(50)
elif n == 1:
    machine.deepsleep(2000)
print('done, cause', machine.reset_cause() == machine.DEEPSLEEP_RESET)
";

#[test]
fn a_hungry_watchdog_and_a_deep_sleep_restart_a_project() {
    let dir = project("project-watchdog", &[("main.py", WATCHDOG_LIVES)]);
    let output = run(&["--clock", "virtual"], &dir, "");
    assert_eq!(
        text(&output.stdout),
        "life 0 cause 1 at 0 ms\n\
         fed for 1 s\n\
         life 1 cause 3 at 1300 ms\n\
         life 2 cause 4 at 3300 ms\n\
         done, cause True\n"
    );
    assert_eq!(
        text(&output.stderr),
        "pinloop: the watchdog (machine.WDT) was not fed in time: the board restarts (boot.py, main.py)\n\
         pinloop: machine.deepsleep() ended: the board wakes (boot.py, main.py)\n"
    );
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn a_reset_ends_a_script_with_status_3_and_says_so() {
    for (call, name) in [
        ("reset()", "machine.reset()"),
        ("soft_reset()", "machine.soft_reset()"),
        ("deepsleep(10)", "machine.deepsleep()"),
        (
            "WDT(timeout=10)\nwhile True: machine.idle()",
            "the watchdog (machine.WDT), not fed in time,",
        ),
    ] {
        let script = pinloop()
            .args([
                "--clock",
                "virtual",
                "-c",
                &format!("import machine; print('before'); machine.{call}"),
            ])
            .output()
            .unwrap();
        assert_eq!(text(&script.stdout), "before\n");
        assert_eq!(script.status.code(), Some(3));
        assert!(
            text(&script.stderr).contains(&format!("{name} ends the run (exit status 3)")),
            "{}",
            text(&script.stderr)
        );
    }
}

#[test]
fn a_folder_without_main_py_and_fs_without_device_are_usage_errors() {
    let dir = project("project-empty", &[("notes.txt", "")]);
    let output = run(&[], &dir, "");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("a firmware folder needs a main.py"),
        "{}",
        text(&output.stderr)
    );
    let output = pinloop()
        .args(["--fs", "/tmp", "-c", "pass"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("give the folder: pinloop DIR"),
        "{}",
        text(&output.stderr)
    );
}
