//! The terminal REPL through a pseudo-terminal (tests/repl_driver.py types
//! into it as a person does): results and `_`, an auto-indented block, Tab
//! completion, top-level await, a task running in the background between
//! prompts, Ctrl-C during `asyncio.run` leaving the REPL alive, a burst of
//! lines and a bracketed paste (every line runs), paste mode,
//! Ctrl-D, and the history file.

use std::path::PathBuf;
use std::process::Command;

#[test]
fn the_repl_on_a_terminal() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("repl");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let history = dir.join("history");
    let driver = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/repl_driver.py");
    let out = Command::new("timeout")
        .arg("60")
        .arg("python3")
        .arg(&driver)
        .arg(env!("CARGO_BIN_EXE_pinloop"))
        .arg(&history)
        .output()
        .expect("python3 runs the REPL driver");
    let shown = String::from_utf8_lossy(&out.stdout);
    for expected in [
        "6 * 7\n42\n",
        "_ + 1\n43\n",
        "for i in range(2):\n",
        "...     print(i)",
        "0\n1\n",
        "asyncio.sleep_ms(0)",
        "'awaited'\n",
        "done\n['ran']\n",
        "KeyboardInterrupt\n",
        "print('still here')\nstill here\n",
        "burst [1, 2, 3]\n",
        "from a bracketed paste\n",
        "paste mode; Ctrl-C to cancel, Ctrl-D to finish",
        "pasted()\n'from paste mode'\n",
        "[exit status 0]",
    ] {
        assert!(
            shown.contains(expected),
            "missing {expected:?} in:\n{shown}"
        );
    }
    let saved = std::fs::read_to_string(&history).unwrap();
    assert!(saved.contains("print('still here')"), "{saved}");
}
