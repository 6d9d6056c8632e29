//! The interactive REPL on a terminal (`pinloop` with no program, or `-i`):
//! line editing and a history file (rustyline), automatic indentation of
//! blocks, Tab completion of names and attributes, `_`, Ctrl-C, Ctrl-D on
//! an empty line to exit, and MicroPython's Ctrl-E paste mode.
//!
//! The line editor runs on a thread of its own, so the VM thread is free
//! while a line is typed: tasks created at the prompt keep running in the
//! background between prompts (as in CPython's `python -m asyncio`), and
//! completion asks the VM thread through the VM-call channel.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};

use rustpython_vm::{PyResult, VirtualMachine, scope::Scope};
use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::{FileHistory, History as _};
use rustyline::validate::Validator;
use rustyline::{
    Cmd, ConditionalEventHandler, Editor, Event, EventContext, EventHandler, Helper, KeyEvent,
    RepeatCount,
};

use crate::{compile, prompt, traceback};

/// What the VM thread asks of the line editor.
struct Ask {
    prompt: &'static str,
    initial: String,
}

/// What the line editor hands back.
enum Typed {
    Line(String),
    /// Ctrl-C at the prompt.
    Interrupted,
    /// Ctrl-D on an empty line.
    Eof,
    /// Paste mode's block.
    Paste(String),
}

/// Runs the REPL until Ctrl-D or `SystemExit` (returned as Err).
pub fn run(vm: &VirtualMachine, banner: &str) -> PyResult<()> {
    crate::stdio::write_stdout_now(vm, banner)?;
    let scope = prompt::main_module_scope(vm)?;
    let (ask, asked) = mpsc::channel::<Ask>();
    let (answer, answers) = mpsc::channel::<Typed>();
    let typed = Arc::new(AtomicBool::new(false));
    {
        let typed = Arc::clone(&typed);
        std::thread::Builder::new()
            .name("pinloop-line-editor".into())
            .spawn(move || edit_lines(asked, answer, typed))
            .map_err(|e| vm.new_runtime_error(format!("cannot start the line editor: {e}")))?;
    }
    // Typing is an outside source: virtual time follows real time meanwhile.
    pinloop_sched::wake::outside_source_started();
    let mut lines = prompt::LineRepl::default();
    let mut continued = false;
    let mut indent = String::new();
    loop {
        let request = Ask {
            prompt: if continued { "... " } else { ">>> " },
            initial: std::mem::take(&mut indent),
        };
        if ask.send(request).is_err() {
            return Ok(());
        }
        match wait_for_line(vm, &answers, &typed)? {
            Typed::Line(line) => {
                continued = lines.feed(vm, &scope, &line)?;
                if continued {
                    indent = prompt::next_indent(&line);
                }
            }
            Typed::Interrupted => {
                lines.cancel();
                continued = false;
                crate::stdio::write_stdout_now(vm, "KeyboardInterrupt\n")?;
            }
            Typed::Eof => {
                crate::stdio::write_stdout_now(vm, "\n")?;
                return Ok(());
            }
            Typed::Paste(text) => {
                lines.cancel();
                continued = false;
                run_block(vm, &scope, &text)?;
            }
        }
    }
}

/// Waits for the editor's next line, running the loop meanwhile if tasks
/// are waiting, and serving VM calls (completion, interrupts) either way.
fn wait_for_line(
    vm: &VirtualMachine,
    answers: &Receiver<Typed>,
    typed: &Arc<AtomicBool>,
) -> PyResult<Typed> {
    loop {
        if let Ok(reply) = answers.try_recv() {
            typed.store(false, Ordering::Release);
            return Ok(reply);
        }
        if crate::asyncio::has_unfinished_tasks() {
            crate::asyncio::run_until_flag(typed, vm)?;
        } else {
            crate::interrupt::check(vm)?;
            if !typed.load(Ordering::Acquire) {
                pinloop_sched::wake::wait(Some(std::time::Duration::from_millis(200)));
            }
        }
    }
}

/// Paste mode's block, run as a script in `__main__`.
fn run_block(vm: &VirtualMachine, scope: &Scope, text: &str) -> PyResult<()> {
    let outcome = compile::compile(vm, text, "<stdin>", compile::Mode::Exec)
        .and_then(|code| vm.run_code_obj(code, scope.clone()).map(|_| ()));
    if let Err(exc) = outcome {
        if crate::run::is_system_exit(vm, &exc) {
            return Err(exc);
        }
        traceback::print_exception(vm, &exc);
    }
    Ok(())
}

/// Where history is kept: `PINLOOP_HISTORY`, else `~/.pinloop_history`.
fn history_path() -> Option<std::path::PathBuf> {
    if let Some(path) = std::env::var_os("PINLOOP_HISTORY") {
        return Some(path.into());
    }
    std::env::var_os("HOME").map(|home| std::path::Path::new(&home).join(".pinloop_history"))
}

/// The line editor's thread.
fn edit_lines(asked: Receiver<Ask>, answer: Sender<Typed>, typed: Arc<AtomicBool>) {
    // Ctrl-C while code runs must wake the VM thread, so the signal is
    // left to it (the editor reads Ctrl-C as a key).
    crate::signals::leave_signals_to_other_threads();
    let config = rustyline::Config::builder().auto_add_history(false).build();
    let Ok(mut editor) = Editor::<ReplHelper, FileHistory>::with_config(config) else {
        let _ = answer.send(Typed::Eof);
        return;
    };
    editor.set_helper(Some(ReplHelper));
    let paste = Arc::new(AtomicBool::new(false));
    editor.bind_sequence(
        KeyEvent::ctrl('E'),
        EventHandler::Conditional(Box::new(PasteKey(Arc::clone(&paste)))),
    );
    // A bracketed paste is read as typed keys (rustyline would insert it
    // whole into one line, newlines and all, and wait for Enter): each of
    // its newlines enters a line, and its lines keep their own indentation.
    let pasting = Arc::new(AtomicBool::new(false));
    for (key, starts) in [
        (rustyline::KeyCode::BracketedPasteStart, true),
        (rustyline::KeyCode::BracketedPasteEnd, false),
    ] {
        editor.bind_sequence(
            KeyEvent(key, rustyline::Modifiers::NONE),
            EventHandler::Conditional(Box::new(PasteBracket {
                pasting: Arc::clone(&pasting),
                starts,
            })),
        );
    }
    let history = history_path();
    if let Some(path) = &history {
        let _ = editor.load_history(path);
    }
    let reply = |typed_now: Typed| {
        let sent = answer.send(typed_now).is_ok();
        typed.store(true, Ordering::Release);
        pinloop_sched::wake::notify();
        sent
    };
    while let Ok(ask) = asked.recv() {
        // Inside a paste, the pasted text brings its own indentation.
        let initial = if pasting.load(Ordering::Acquire) {
            ""
        } else {
            ask.initial.as_str()
        };
        let read = editor.readline_with_initial(ask.prompt, (initial, ""));
        let typed_now = match read {
            Ok(line) => {
                if !line.trim().is_empty()
                    && editor.add_history_entry(line.as_str()).unwrap_or(false)
                    && let Some(path) = &history
                {
                    // The whole history, replacing the file: a kill never
                    // leaves it truncated (rustyline's append may rewrite
                    // it in place).
                    let _ = crate::atomic_file::replace_by(path, |temp| {
                        editor
                            .history_mut()
                            .save(temp)
                            .map_err(std::io::Error::other)
                    });
                }
                Typed::Line(line)
            }
            Err(ReadlineError::Interrupted) if paste.swap(false, Ordering::AcqRel) => read_paste(),
            Err(ReadlineError::Interrupted) => Typed::Interrupted,
            Err(_) => Typed::Eof,
        };
        if !reply(typed_now) {
            return;
        }
    }
}

/// Paste mode: bytes as typed or pasted, no indentation added, until
/// Ctrl-D (run them) or Ctrl-C (drop them). Read here rather than through
/// the line editor, which would drop the lines of a paste that arrive in
/// one read after the first.
fn read_paste() -> Typed {
    use std::io::{Read as _, Write as _};
    let mut out = std::io::stdout();
    let _raw = RawTerminal::enter();
    let _ = out.write_all(b"\r\npaste mode; Ctrl-C to cancel, Ctrl-D to finish\r\n=== ");
    let _ = out.flush();
    let mut block = Vec::new();
    let mut byte = [0u8; 1];
    let mut stdin = std::io::stdin().lock();
    loop {
        if stdin.read(&mut byte).unwrap_or(0) == 0 {
            return Typed::Eof;
        }
        match byte[0] {
            0x04 => {
                let _ = out.write_all(b"\r\n");
                let _ = out.flush();
                return Typed::Paste(String::from_utf8_lossy(&block).into_owned());
            }
            0x03 => {
                let _ = out.write_all(b"\r\n");
                let _ = out.flush();
                return Typed::Interrupted;
            }
            b'\r' | b'\n' => {
                block.push(b'\n');
                let _ = out.write_all(b"\r\n=== ");
            }
            0x08 | 0x7f => {
                if block.last().is_some_and(|b| *b != b'\n') {
                    block.pop();
                    let _ = out.write_all(b"\x08 \x08");
                }
            }
            other => {
                block.push(other);
                let _ = out.write_all(&[other]);
            }
        }
        let _ = out.flush();
    }
}

/// The terminal in raw mode while it lives (restored on drop).
struct RawTerminal(Option<libc::termios>);

impl RawTerminal {
    fn enter() -> RawTerminal {
        // SAFETY: `termios` is a plain C struct for which zeroed bytes are
        // valid; tcgetattr fills it and tcsetattr reads it, both through
        // pointers to live locals, for standard input's descriptor.
        unsafe {
            let mut saved: libc::termios = std::mem::zeroed();
            if libc::tcgetattr(0, &mut saved) != 0 {
                return RawTerminal(None);
            }
            let mut raw = saved;
            libc::cfmakeraw(&mut raw);
            // Output keeps its newline translation.
            raw.c_oflag = saved.c_oflag;
            libc::tcsetattr(0, libc::TCSANOW, &raw);
            RawTerminal(Some(saved))
        }
    }
}

impl Drop for RawTerminal {
    fn drop(&mut self) {
        if let Some(saved) = &self.0 {
            // SAFETY: restores the settings read in `enter`, from a live
            // field, for standard input's descriptor.
            unsafe {
                libc::tcsetattr(0, libc::TCSANOW, saved);
            }
        }
    }
}

/// Ctrl-E: leave the line and enter paste mode.
struct PasteKey(Arc<AtomicBool>);

impl ConditionalEventHandler for PasteKey {
    fn handle(&self, _: &Event, _: RepeatCount, _: bool, ctx: &EventContext) -> Option<Cmd> {
        if !ctx.line().trim().is_empty() {
            return None; // Ctrl-E keeps its editing meaning (end of line)
        }
        self.0.store(true, Ordering::Release);
        Some(Cmd::Interrupt)
    }
}

/// The start or end of a bracketed paste: noted, and otherwise nothing, so
/// the pasted text comes through as keys.
struct PasteBracket {
    pasting: Arc<AtomicBool>,
    starts: bool,
}

impl ConditionalEventHandler for PasteBracket {
    fn handle(&self, _: &Event, _: RepeatCount, _: bool, _: &EventContext) -> Option<Cmd> {
        self.pasting.store(self.starts, Ordering::Release);
        Some(Cmd::Noop)
    }
}

/// Completion of names and attributes, computed on the VM thread.
struct ReplHelper;

impl Completer for ReplHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &rustyline::Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let Some(word) = crate::completion::word_before(&line[..pos]) else {
            return Ok((pos, Vec::new()));
        };
        let prefix_len = word.prefix.len();
        let names = crate::vm_calls::ask("completion", move |vm| {
            Ok(Ok::<_, String>(crate::completion::names_for(
                vm,
                &word.base,
                &word.prefix,
            )))
        })
        .unwrap_or_default();
        let candidates = names
            .into_iter()
            .map(|name| Pair {
                display: name.clone(),
                replacement: name,
            })
            .collect();
        Ok((pos - prefix_len, candidates))
    }
}

impl Hinter for ReplHelper {
    type Hint = String;
}

impl Highlighter for ReplHelper {}

impl Validator for ReplHelper {}

impl Helper for ReplHelper {}

/// Whether standard input and output are a terminal (the REPL's editor is
/// used then; otherwise the plain prompt reads lines).
pub fn on_terminal() -> bool {
    use std::io::IsTerminal as _;
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}
