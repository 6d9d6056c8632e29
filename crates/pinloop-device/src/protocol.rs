//! MicroPython's serial REPL protocols, byte by byte, with no VM: what the
//! device answers at once and what it hands to the interpreter.
//!
//! - The friendly REPL: characters are echoed, Backspace erases, Enter
//!   hands the line over (the interpreter decides whether a block goes on
//!   and prints the next prompt); Ctrl-C drops the line; Ctrl-D on an empty
//!   line is a soft reset; Ctrl-E enters paste mode (lines are echoed and
//!   kept until Ctrl-D runs them all, Ctrl-C cancels); Ctrl-A enters the
//!   raw REPL.
//! - The raw REPL (Ctrl-A): nothing is echoed; bytes are kept until Ctrl-D,
//!   which answers `OK` and runs them (the interpreter then writes the
//!   output, `\x04`, the error text, `\x04` and the `>` prompt); Ctrl-D on
//!   an empty buffer is a soft reset; Ctrl-B goes back to the friendly
//!   REPL; Ctrl-C drops the buffer.
//! - Raw-paste mode (`\x05A\x01` at the raw prompt): answered with `R\x01`,
//!   the window size as two little-endian bytes and a first `\x01`; the host
//!   sends at most a window of bytes per `\x01` the device sends back; Ctrl-D
//!   ends the data, the device acknowledges with `\x04` and runs it.
//! - While code runs (`busy`), bytes are the running code's standard input
//!   (`sys.stdin`, kept here until it reads them), except the interrupt
//!   character (`micropython.kbd_intr`, Ctrl-C unless changed), which
//!   interrupts it. What the code leaves unread is fed to the REPL when it
//!   ends ([`Protocol::finish_busy`]), as a board's REPL reads the same
//!   buffer after the code.

/// The window raw-paste mode grants per `\x01`.
pub const PASTE_WINDOW: u16 = 256;

pub const RAW_BANNER: &[u8] = b"raw REPL; CTRL-B to exit\r\n>";

/// What the interpreter is asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// A line typed at the friendly prompt (without its end of line).
    Line(String),
    /// Paste mode's text, run as one block.
    Paste(String),
    /// Code from the raw REPL or raw-paste mode.
    Raw(Vec<u8>),
    /// Ctrl-D where it means a soft reset.
    SoftReset,
    /// Ctrl-B: the friendly REPL again (the interpreter prints its banner
    /// and prompt).
    Friendly,
    /// Ctrl-C while code runs: interrupt it.
    Interrupt,
    /// Ctrl-C at the friendly prompt: drop the block being typed.
    Cancel,
    /// Tab at the friendly prompt: complete the text before the cursor
    /// (answered with [`Protocol::complete`]).
    Complete(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Friendly,
    Paste,
    Raw,
    /// Saw `\x05` at the raw prompt; expecting `A`.
    RawPasteAsk1,
    /// Saw `\x05A`; expecting `\x01`.
    RawPasteAsk2,
    RawPaste,
}

/// The protocol's state for one device.
#[derive(Debug)]
pub struct Protocol {
    mode: Mode,
    editor: crate::line_editor::LineEditor,
    buffer: Vec<u8>,
    /// Bytes of the current raw-paste window not yet received.
    window_left: u16,
    /// Whether the interpreter is running something (the interrupt
    /// character interrupts it; other input is its standard input).
    busy: bool,
    /// Standard input the running code has not read yet.
    stdin: std::collections::VecDeque<u8>,
    /// The byte that interrupts running code; None when `kbd_intr(-1)`
    /// made it data (mpremote's mount sends binary data).
    interrupt_char: Option<u8>,
}

/// What one byte produced: bytes to send back now, and requests.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub reply: Vec<u8>,
    pub requests: Vec<Request>,
}

impl Default for Protocol {
    fn default() -> Self {
        Protocol {
            mode: Mode::Friendly,
            editor: crate::line_editor::LineEditor::default(),
            buffer: Vec::new(),
            window_left: 0,
            busy: false,
            stdin: std::collections::VecDeque::new(),
            interrupt_char: Some(0x03),
        }
    }
}

impl Protocol {
    /// Whether the raw REPL (or raw-paste mode) is active.
    pub fn is_raw(&self) -> bool {
        !matches!(self.mode, Mode::Friendly | Mode::Paste)
    }

    /// Shows `prompt` and starts a line holding `initial` (auto-indent);
    /// the bytes to send.
    pub fn begin_line(&mut self, prompt: &[u8], initial: &str) -> Vec<u8> {
        self.editor.begin(prompt, initial)
    }

    /// Answers a [`Request::Complete`]: the bytes to send.
    pub fn complete(&mut self, prefix: &str, names: &[String]) -> Vec<u8> {
        let mut out = Vec::new();
        self.editor.complete(prefix, names, &mut out);
        out
    }

    /// The interpreter starts running a request: input becomes its stdin.
    pub fn start_busy(&mut self) {
        self.busy = true;
    }

    /// The interpreter finished running a request: the standard input it
    /// left, for the caller to feed to the REPL (a byte at a time, as the
    /// reader does, so replies and requests keep their order).
    pub fn finish_busy(&mut self) -> Vec<u8> {
        self.busy = false;
        self.stdin.drain(..).collect()
    }

    /// Up to `max` bytes of standard input the running code has not read.
    pub fn take_stdin(&mut self, max: usize) -> Vec<u8> {
        let n = max.min(self.stdin.len());
        self.stdin.drain(..n).collect()
    }

    /// How many bytes of standard input wait to be read.
    pub fn stdin_len(&self) -> usize {
        self.stdin.len()
    }

    /// `micropython.kbd_intr`: the byte that interrupts running code (None
    /// for none).
    pub fn set_interrupt_char(&mut self, character: Option<u8>) {
        self.interrupt_char = character;
    }

    /// The state as bytes, for a soft reset that starts a new process
    /// (`pinloop-vm`'s `device/resume.rs`): mode, window, busy, then the two buffers.
    pub fn save(&self) -> Vec<u8> {
        let mode = match self.mode {
            Mode::Friendly => 0,
            Mode::Paste => 1,
            Mode::Raw => 2,
            Mode::RawPasteAsk1 => 3,
            Mode::RawPasteAsk2 => 4,
            Mode::RawPaste => 5,
        };
        let mut out = vec![mode, u8::from(self.busy)];
        out.extend_from_slice(&self.window_left.to_le_bytes());
        for buffer in [self.editor.line_bytes(), &self.buffer[..]] {
            out.extend_from_slice(&(buffer.len() as u32).to_le_bytes());
            out.extend_from_slice(buffer);
        }
        out
    }

    /// What [`Protocol::save`] made, or None for anything else.
    pub fn restore(bytes: &[u8]) -> Option<Protocol> {
        let (&[mode, busy, w0, w1], mut rest) = bytes.split_first_chunk::<4>()?;
        let mode = match mode {
            0 => Mode::Friendly,
            1 => Mode::Paste,
            2 => Mode::Raw,
            3 => Mode::RawPasteAsk1,
            4 => Mode::RawPasteAsk2,
            5 => Mode::RawPaste,
            _ => return None,
        };
        let line = crate::framing::get_bytes(&mut rest)?.to_vec();
        let buffer = crate::framing::get_bytes(&mut rest)?.to_vec();
        if !rest.is_empty() || busy > 1 {
            return None;
        }
        Some(Protocol {
            mode,
            editor: crate::line_editor::LineEditor::with_line(line),
            buffer,
            window_left: u16::from_le_bytes([w0, w1]),
            busy: busy == 1,
            ..Protocol::default()
        })
    }

    /// After a soft reset the device keeps its mode but forgets input.
    pub fn reset_input(&mut self) {
        self.editor.clear();
        self.buffer.clear();
        if matches!(
            self.mode,
            Mode::RawPaste | Mode::RawPasteAsk1 | Mode::RawPasteAsk2
        ) {
            self.mode = Mode::Raw;
        }
        if self.mode == Mode::Paste {
            self.mode = Mode::Friendly;
        }
    }

    /// Feeds the bytes the host sent.
    pub fn feed(&mut self, bytes: &[u8]) -> Output {
        let mut out = Output::default();
        for &byte in bytes {
            self.feed_byte(byte, &mut out);
        }
        out
    }

    fn feed_byte(&mut self, byte: u8, out: &mut Output) {
        if self.busy {
            if Some(byte) == self.interrupt_char {
                out.requests.push(Request::Interrupt);
            } else {
                self.stdin.push_back(byte);
            }
            return;
        }
        match self.mode {
            Mode::Friendly => self.friendly(byte, out),
            Mode::Paste => self.paste(byte, out),
            Mode::Raw => self.raw(byte, out),
            Mode::RawPasteAsk1 => {
                if byte == b'A' {
                    self.mode = Mode::RawPasteAsk2;
                } else {
                    self.mode = Mode::Raw;
                    self.buffer.push(0x05);
                    self.raw(byte, out);
                }
            }
            Mode::RawPasteAsk2 => {
                if byte == 0x01 {
                    self.mode = Mode::RawPaste;
                    self.window_left = PASTE_WINDOW;
                    out.reply.extend_from_slice(b"R\x01");
                    out.reply.extend_from_slice(&PASTE_WINDOW.to_le_bytes());
                    out.reply.push(0x01);
                } else {
                    self.mode = Mode::Raw;
                    self.buffer.extend_from_slice(&[0x05, b'A']);
                    self.raw(byte, out);
                }
            }
            Mode::RawPaste => self.raw_paste(byte, out),
        }
    }

    fn friendly(&mut self, byte: u8, out: &mut Output) {
        use crate::line_editor::Key;
        match byte {
            0x01 if self.editor.is_empty() => {
                self.mode = Mode::Raw;
                self.buffer.clear();
                out.reply.extend_from_slice(b"\r\n");
                out.reply.extend_from_slice(RAW_BANNER);
            }
            0x02 => {}
            0x03 => {
                self.editor.clear();
                out.reply.extend_from_slice(b"\r\n");
                out.requests.push(Request::Cancel);
            }
            0x04 if self.editor.is_empty() => out.requests.push(Request::SoftReset),
            0x05 if self.editor.is_empty() => {
                self.mode = Mode::Paste;
                self.buffer.clear();
                out.reply.extend_from_slice(
                    b"\r\npaste mode; Ctrl-C to cancel, Ctrl-D to finish\r\n=== ",
                );
            }
            b'\n' => {} // Enter is CR on a terminal; a bare LF after CR is ignored
            _ => match self.editor.feed(byte, &mut out.reply) {
                Key::Enter(line) => out.requests.push(Request::Line(line)),
                Key::Complete(before) => out.requests.push(Request::Complete(before)),
                Key::Edited => {}
            },
        }
    }

    fn paste(&mut self, byte: u8, out: &mut Output) {
        match byte {
            0x03 => {
                self.mode = Mode::Friendly;
                self.buffer.clear();
                out.reply.extend_from_slice(b"\r\n");
                out.requests.push(Request::Cancel);
            }
            0x04 => {
                self.mode = Mode::Friendly;
                let text = String::from_utf8_lossy(&std::mem::take(&mut self.buffer)).into_owned();
                out.reply.extend_from_slice(b"\r\n");
                out.requests.push(Request::Paste(text));
            }
            b'\r' => {
                self.buffer.push(b'\n');
                out.reply.extend_from_slice(b"\r\n=== ");
            }
            b'\n' => {}
            _ => {
                self.buffer.push(byte);
                out.reply.push(byte);
            }
        }
    }

    fn raw(&mut self, byte: u8, out: &mut Output) {
        match byte {
            0x01 => {
                self.buffer.clear();
                out.reply.extend_from_slice(b"\r\n");
                out.reply.extend_from_slice(RAW_BANNER);
            }
            0x02 => {
                self.mode = Mode::Friendly;
                self.buffer.clear();
                out.requests.push(Request::Friendly);
            }
            0x03 => self.buffer.clear(),
            0x04 if self.buffer.is_empty() => out.requests.push(Request::SoftReset),
            0x04 => {
                out.reply.extend_from_slice(b"OK");
                out.requests
                    .push(Request::Raw(std::mem::take(&mut self.buffer)));
            }
            0x05 if self.buffer.is_empty() => self.mode = Mode::RawPasteAsk1,
            _ => self.buffer.push(byte),
        }
    }

    fn raw_paste(&mut self, byte: u8, out: &mut Output) {
        if byte == 0x04 {
            self.mode = Mode::Raw;
            out.reply.push(0x04);
            out.requests
                .push(Request::Raw(std::mem::take(&mut self.buffer)));
            return;
        }
        self.buffer.push(byte);
        self.window_left -= 1;
        if self.window_left == 0 {
            self.window_left = PASTE_WINDOW;
            out.reply.push(0x01);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bounded fuzzing: mutants of what mpremote and a person type, fed in
    /// random slices, never panic the protocol, and what it answers stays
    /// in proportion to what came in.
    #[test]
    fn mutated_host_input_is_handled() {
        let seeds: [&[u8]; 6] = [
            b"\r\x03\x03\x01print(1)\x04\x02",
            b"\x01\x05A\x01\x00\x10print('x' * 300)\x04\x04",
            b"\x05print(1)\r\nif x:\r\n    y\r\n\x04\x03",
            b"prinx\x7ft(1)\r\x1b[A\x04x\x04\x02\r\x01\x04",
            b"\x01\x05A\x01\x80\x00\x01import os\x04\x01\x02",
            b"\xff\xfe\x00\r\n\x03\x01\x05A\x01",
        ];
        let mut mutator = pinloop_board::mutate::Mutator::new(0xdead_10cc);
        for case in 0..5_000 {
            let mutant = mutator.mutant(&seeds);
            let mut protocol = Protocol::default();
            let mut at = 0;
            while at < mutant.len() {
                let end = (at + 1 + mutator.below(16)).min(mutant.len());
                let before = protocol.editor.line_bytes().len();
                let out = protocol.feed(&mutant[at..end]);
                // An edit inside a line redraws the rest of it (and Up
                // the line from history, at most the longest line so far).
                let longest = before.max(protocol.editor.line_bytes().len()) + (end - at);
                let redraw = 16 + longest.max(mutant.len());
                assert!(
                    out.reply.len() <= 64 + redraw * (end - at),
                    "case {case}: {} reply bytes for {:?}",
                    out.reply.len(),
                    &mutant[at..end]
                );
                at = end;
            }
        }
    }

    #[test]
    fn friendly_lines_are_echoed_and_edited() {
        let mut p = Protocol::default();
        let out = p.feed(b"prinx\x7ft(1)\r");
        assert_eq!(out.reply, b"prinx\x08 \x08t(1)\r\n");
        assert_eq!(out.requests, [Request::Line("print(1)".into())]);
        assert_eq!(p.feed(b"\x04").requests, [Request::SoftReset]);
        assert!(
            p.feed(b"x\x04").requests.is_empty(),
            "Ctrl-D after text is not a reset"
        );
    }

    #[test]
    fn raw_repl_frames_code() {
        let mut p = Protocol::default();
        let out = p.feed(b"\r\x01");
        assert!(out.reply.ends_with(RAW_BANNER));
        assert!(p.is_raw());
        let out = p.feed(b"print(2)\x04");
        assert_eq!(out.reply, b"OK");
        assert_eq!(out.requests, [Request::Raw(b"print(2)".to_vec())]);
        assert_eq!(p.feed(b"\x04").requests, [Request::SoftReset]);
        assert_eq!(
            p.feed(b"junk\x03\x04").requests,
            [Request::SoftReset],
            "Ctrl-C clears"
        );
        assert_eq!(p.feed(b"\x02").requests, [Request::Friendly]);
        assert!(!p.is_raw());
    }

    #[test]
    fn raw_paste_grants_windows_and_acknowledges_the_end() {
        let mut p = Protocol::default();
        p.feed(b"\x01");
        let out = p.feed(b"\x05A\x01");
        let mut expected = b"R\x01".to_vec();
        expected.extend_from_slice(&PASTE_WINDOW.to_le_bytes());
        expected.push(0x01);
        assert_eq!(out.reply, expected);
        let code = vec![b'#'; PASTE_WINDOW as usize + 10];
        let out = p.feed(&code);
        assert_eq!(
            out.reply, b"\x01",
            "one more window after the first is used up"
        );
        let out = p.feed(b"\x04");
        assert_eq!(out.reply, b"\x04");
        assert_eq!(out.requests, [Request::Raw(code)]);
        assert!(p.is_raw());
    }

    #[test]
    fn paste_mode_runs_the_block_at_ctrl_d() {
        let mut p = Protocol::default();
        let out = p.feed(b"\x05for i in range(2):\r    print(i)\r\x04");
        assert_eq!(
            out.requests,
            [Request::Paste("for i in range(2):\n    print(i)\n".into())]
        );
        let out = p.feed(b"\x05x = 1\x03");
        assert_eq!(out.requests, [Request::Cancel], "Ctrl-C cancels");
    }

    #[test]
    fn ctrl_c_interrupts_running_code() {
        let mut p = Protocol::default();
        p.start_busy();
        assert_eq!(p.feed(b"\x03").requests, [Request::Interrupt]);
        p.finish_busy();
        assert_eq!(p.feed(b"ab\x03").requests, [Request::Cancel]);
    }

    #[test]
    fn input_while_busy_is_stdin_and_the_rest_goes_to_the_repl() {
        let mut p = Protocol::default();
        p.start_busy();
        let out = p.feed(b"\x18\x00\x01print(5)\r");
        assert!(
            out.reply.is_empty() && out.requests.is_empty(),
            "not echoed"
        );
        assert_eq!(p.take_stdin(3), b"\x18\x00\x01");
        assert_eq!(p.stdin_len(), 9);
        let left = p.finish_busy();
        let out = p.feed(&left);
        assert_eq!(out.reply, b"print(5)\r\n");
        assert_eq!(out.requests, [Request::Line("print(5)".into())]);
    }

    #[test]
    fn kbd_intr_minus_one_makes_ctrl_c_data() {
        let mut p = Protocol::default();
        p.set_interrupt_char(None);
        p.start_busy();
        assert!(p.feed(b"\x03").requests.is_empty());
        assert_eq!(p.take_stdin(8), b"\x03");
        p.set_interrupt_char(Some(b'x'));
        assert_eq!(p.feed(b"x").requests, [Request::Interrupt]);
    }

    #[test]
    fn garbage_never_panics() {
        let mut p = Protocol::default();
        let bytes: Vec<u8> = (0..=255u8).cycle().take(5000).collect();
        let _ = p.feed(&bytes);
        p.feed(b"\x01");
        let _ = p.feed(&bytes);
    }
}
