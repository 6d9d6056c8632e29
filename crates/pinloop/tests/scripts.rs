//! The script suite: every `tests/**/NAME.py` with a `NAME.exp` beside it
//! runs under `target/<profile>/pinloop`, and its output (stdout and stderr
//! together, in order, plus `[exit status N]` when N is not 0) must equal
//! the `.exp` byte for byte. A first line `# pinloop: ARGS` puts ARGS before
//! the file name (or `NAME.args` holds ARGS, for examples that must stay
//! unchanged); any first lines `# pinloop-env: NAME=VALUE ...` set
//! environment variables (`PINLOOP_TICKS_BITS=10` to force a ticks wrap);
//! `NAME.in`, if present, is the standard input. Tests run in
//! parallel, each in its own folder. Object addresses in reprs compare as
//! `at 0xADDR>`. Arguments filter tests by substring.
//!
//! Run: `cargo test --release --test scripts [-- FILTER...]`.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A test that runs longer is stopped and fails.
const TIMEOUT: Duration = Duration::from_secs(60);

struct Outcome {
    name: String,
    failure: Option<String>,
    elapsed: Duration,
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests");
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let mut tests = Vec::new();
    collect(&root, &mut tests);
    tests.sort();
    tests.retain(|t| {
        let name = display_name(&root, t);
        filters.is_empty() || filters.iter().any(|f| name.contains(f.as_str()))
    });

    let started = Instant::now();
    let queue = Mutex::new(tests.clone().into_iter());
    let outcomes = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let Some(test) = queue.lock().unwrap().next() else {
                        break;
                    };
                    let outcome = run_test(&root, &test);
                    let mark = if outcome.failure.is_some() {
                        "FAIL"
                    } else {
                        "ok  "
                    };
                    println!(
                        "{mark} {} ({} ms)",
                        outcome.name,
                        outcome.elapsed.as_millis()
                    );
                    outcomes.lock().unwrap().push(outcome);
                }
            });
        }
    });

    let mut outcomes = outcomes.into_inner().unwrap();
    outcomes.sort_by(|a, b| a.name.cmp(&b.name));
    let failed: Vec<&Outcome> = outcomes.iter().filter(|o| o.failure.is_some()).collect();
    for outcome in &failed {
        println!(
            "\n=== FAIL {} ===\n{}",
            outcome.name,
            outcome.failure.as_deref().unwrap()
        );
    }
    println!(
        "\nscripts: {} tests in {:.1} s",
        outcomes.len(),
        started.elapsed().as_secs_f64()
    );
    println!(
        "{} passed, {} failed",
        outcomes.len() - failed.len(),
        failed.len()
    );
    if !failed.is_empty() || outcomes.is_empty() {
        std::process::exit(1);
    }
}

/// Every `.py` file under `dir` that has an `.exp` beside it.
fn collect(dir: &Path, tests: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, tests);
        } else if path.extension().is_some_and(|e| e == "py")
            && path.with_extension("exp").is_file()
        {
            tests.push(path);
        }
    }
}

fn display_name(root: &Path, test: &Path) -> String {
    test.strip_prefix(root)
        .unwrap_or(test)
        .display()
        .to_string()
}

fn run_test(root: &Path, test: &Path) -> Outcome {
    let name = display_name(root, test);
    let started = Instant::now();
    let failure = run_and_compare(test).err();
    Outcome {
        name,
        failure,
        elapsed: started.elapsed(),
    }
}

fn run_and_compare(test: &Path) -> Result<(), String> {
    let source = std::fs::read_to_string(test).map_err(|e| format!("cannot read: {e}"))?;
    let expected = std::fs::read_to_string(test.with_extension("exp"))
        .map_err(|e| format!("cannot read .exp: {e}"))?;
    let args_file = test.with_extension("args");
    let mut args = if args_file.is_file() {
        let words =
            std::fs::read_to_string(&args_file).map_err(|e| format!("cannot read .args: {e}"))?;
        split_words(words.trim())?
    } else {
        match source
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# pinloop:"))
        {
            Some(header) => split_words(header)?,
            None => Vec::new(),
        }
    };
    args.push(test.file_name().unwrap().to_string_lossy().into_owned());
    let mut env = Vec::new();
    for header in source
        .lines()
        .take_while(|l| l.starts_with('#'))
        .filter_map(|l| l.strip_prefix("# pinloop-env:"))
    {
        for word in split_words(header)? {
            let (name, value) = word
                .split_once('=')
                .ok_or_else(|| format!("pinloop-env: {word} is not NAME=VALUE"))?;
            env.push((name.to_owned(), value.to_owned()));
        }
    }
    let stdin_file = test.with_extension("in");
    let actual = run_pinloop(
        test.parent().unwrap(),
        &args,
        &env,
        stdin_file.is_file().then_some(&stdin_file),
    )?;
    let actual = mask_addresses(&actual);
    if actual == expected {
        return Ok(());
    }
    let diff = similar::TextDiff::from_lines(&expected, &actual);
    Err(format!(
        "command: pinloop {}\n{}",
        args.join(" "),
        diff.unified_diff()
            .context_radius(3)
            .header("expected", "actual")
    ))
}

/// Runs the binary with stdout and stderr on one pipe, so their order is
/// the order the program wrote them in.
fn run_pinloop(
    dir: &Path,
    args: &[String],
    env: &[(String, String)],
    stdin: Option<&PathBuf>,
) -> Result<String, String> {
    let (mut reader, writer) = std::io::pipe().map_err(|e| format!("pipe: {e}"))?;
    let stderr = writer.try_clone().map_err(|e| format!("pipe: {e}"))?;
    let stdin = match stdin {
        Some(path) => Stdio::from(std::fs::File::open(path).map_err(|e| format!("{e}"))?),
        None => Stdio::null(),
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_pinloop"))
        .args(args)
        .current_dir(dir)
        .env_remove("MICROPYPATH")
        .env_remove("PINLOOP_TICKS_BITS")
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(stdin)
        .stdout(writer)
        .stderr(stderr)
        .spawn()
        .map_err(|e| format!("cannot start pinloop: {e}"))?;
    let reading = std::thread::spawn(move || {
        let mut output = Vec::new();
        let _ = reader.read_to_end(&mut output);
        output
    });
    let deadline = Instant::now() + TIMEOUT;
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("timed out after {} s", TIMEOUT.as_secs()));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let output = reading
        .join()
        .map_err(|_| "reader thread panicked".to_string())?;
    let mut text = String::from_utf8_lossy(&output).into_owned();
    match status.code() {
        Some(0) => {}
        Some(code) => text.push_str(&format!("[exit status {code}]\n")),
        None => text.push_str(&format!("[killed by {status}]\n")),
    }
    Ok(text)
}

/// Splits a header into words: whitespace separates, single or double
/// quotes group, backslash escapes the next character outside single quotes.
fn split_words(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some(q) if q == c => break,
                        Some('\\') if c == '"' => word.extend(chars.next()),
                        Some(other) => word.push(other),
                        None => return Err(format!("unclosed quote in header: {line}")),
                    }
                }
            }
            '\\' => {
                in_word = true;
                word.extend(chars.next());
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

/// Object addresses in reprs (`<coroutine object f at 0x7f3b...>`) differ
/// from run to run: both sides compare them as `at 0xADDR>`.
fn mask_addresses(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(" at 0x") {
        let (head, tail) = rest.split_at(at + " at 0x".len());
        out.push_str(head);
        let digits = tail.bytes().take_while(u8::is_ascii_hexdigit).count();
        if digits > 0 && tail[digits..].starts_with('>') {
            out.push_str("ADDR");
            rest = &tail[digits..];
        } else {
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}
