//! The friendly REPL's line editing on a device, as MicroPython's
//! `readline` does it on a board: the cursor moves (Left, Right, Home, End,
//! Ctrl-A/Ctrl-E on a line that is not empty), Backspace and Delete edit
//! at it, Up and Down walk the last [`HISTORY`] lines, and Tab asks for a
//! completion ([`Key::Complete`], answered with [`LineEditor::complete`]).
//! VM-free: it turns bytes from the host into the bytes to echo and what
//! the line became; the protocol (`protocol.rs`) owns it.
//!
//! The line is bytes, a column each (MicroPython's is too).

use std::collections::VecDeque;

/// Lines kept for Up and Down (MicroPython's `MICROPY_READLINE_HISTORY_SIZE`).
pub const HISTORY: usize = 8;

/// What a byte did, beyond its echo.
#[derive(Debug, PartialEq, Eq)]
pub enum Key {
    /// Nothing more (an edit, a cursor move, or part of an escape sequence).
    Edited,
    /// Enter: the line.
    Enter(String),
    /// Tab: complete the text before the cursor.
    Complete(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Escape {
    #[default]
    None,
    /// After ESC.
    Started,
    /// After ESC [ (or ESC O), with the digits so far.
    Csi(u8),
}

#[derive(Debug, Default)]
pub struct LineEditor {
    line: Vec<u8>,
    cursor: usize,
    /// The prompt the line follows (to redraw it after a listing).
    prompt: Vec<u8>,
    history: VecDeque<Vec<u8>>,
    /// Where Up and Down are in the history (0: the newest), and the line
    /// being typed before browsing began.
    browsing: Option<(usize, Vec<u8>)>,
    escape: Escape,
}

/// Moves the terminal's cursor `n` columns left (a backspace for one, as
/// MicroPython sends).
fn left(out: &mut Vec<u8>, n: usize) {
    match n {
        0 => {}
        1 => out.push(0x08),
        n => out.extend_from_slice(format!("\x1b[{n}D").as_bytes()),
    }
}

impl LineEditor {
    pub fn is_empty(&self) -> bool {
        self.line.is_empty()
    }

    /// The line typed so far (carried through a soft reset).
    pub fn line_bytes(&self) -> &[u8] {
        &self.line
    }

    /// An editor holding `line`, the cursor at its end.
    pub fn with_line(line: Vec<u8>) -> LineEditor {
        LineEditor {
            cursor: line.len(),
            line,
            ..LineEditor::default()
        }
    }

    /// Starts a line after `prompt` with `initial` in it (auto-indent);
    /// what to send: the prompt and the initial text.
    pub fn begin(&mut self, prompt: &[u8], initial: &str) -> Vec<u8> {
        self.prompt = prompt.to_vec();
        self.line = initial.as_bytes().to_vec();
        self.cursor = self.line.len();
        self.browsing = None;
        self.escape = Escape::None;
        let mut out = prompt.to_vec();
        out.extend_from_slice(&self.line);
        out
    }

    /// Drops the line (Ctrl-C).
    pub fn clear(&mut self) {
        self.line.clear();
        self.cursor = 0;
        self.browsing = None;
        self.escape = Escape::None;
    }

    /// Feeds one byte (not one the protocol handles itself); appends the
    /// echo to `out`.
    pub fn feed(&mut self, byte: u8, out: &mut Vec<u8>) -> Key {
        match self.escape {
            Escape::Started => {
                self.escape = if byte == b'[' || byte == b'O' {
                    Escape::Csi(0)
                } else {
                    Escape::None
                };
                return Key::Edited;
            }
            Escape::Csi(number) => {
                if byte.is_ascii_digit() {
                    self.escape =
                        Escape::Csi(number.saturating_mul(10).saturating_add(byte - b'0'));
                    return Key::Edited;
                }
                self.escape = Escape::None;
                match (byte, number) {
                    (b'A', _) => self.history_step(true, out),
                    (b'B', _) => self.history_step(false, out),
                    (b'C', _) => self.right(out),
                    (b'D', _) => self.move_left(out),
                    (b'H', _) | (b'~', 1 | 7) => self.home(out),
                    (b'F', _) | (b'~', 4 | 8) => self.end(out),
                    (b'~', 3) => self.delete_at_cursor(out),
                    _ => {}
                }
                return Key::Edited;
            }
            Escape::None => {}
        }
        match byte {
            0x1b => self.escape = Escape::Started,
            b'\r' => {
                let line = std::mem::take(&mut self.line);
                self.cursor = 0;
                self.browsing = None;
                out.extend_from_slice(b"\r\n");
                if !line.iter().all(u8::is_ascii_whitespace) && self.history.front() != Some(&line)
                {
                    self.history.push_front(line.clone());
                    self.history.truncate(HISTORY);
                }
                return Key::Enter(String::from_utf8_lossy(&line).into_owned());
            }
            b'\t' => {
                let before = String::from_utf8_lossy(&self.line[..self.cursor]).into_owned();
                return Key::Complete(before);
            }
            0x01 => self.home(out),
            0x05 => self.end(out),
            0x08 | 0x7f => self.backspace(out),
            0x20..=0x7e | 0x80..=0xff => self.insert(&[byte], out),
            _ => {}
        }
        Key::Edited
    }

    fn insert(&mut self, bytes: &[u8], out: &mut Vec<u8>) {
        self.line
            .splice(self.cursor..self.cursor, bytes.iter().copied());
        self.cursor += bytes.len();
        out.extend_from_slice(&self.line[self.cursor - bytes.len()..]);
        left(out, self.line.len() - self.cursor);
    }

    fn backspace(&mut self, out: &mut Vec<u8>) {
        if self.cursor == 0 {
            return;
        }
        self.cursor -= 1;
        self.line.remove(self.cursor);
        out.push(0x08);
        out.extend_from_slice(&self.line[self.cursor..]);
        out.push(b' ');
        left(out, self.line.len() - self.cursor + 1);
    }

    fn delete_at_cursor(&mut self, out: &mut Vec<u8>) {
        if self.cursor == self.line.len() {
            return;
        }
        self.line.remove(self.cursor);
        out.extend_from_slice(&self.line[self.cursor..]);
        out.push(b' ');
        left(out, self.line.len() - self.cursor + 1);
    }

    fn move_left(&mut self, out: &mut Vec<u8>) {
        if self.cursor > 0 {
            self.cursor -= 1;
            out.push(0x08);
        }
    }

    fn right(&mut self, out: &mut Vec<u8>) {
        if self.cursor < self.line.len() {
            out.push(self.line[self.cursor]);
            self.cursor += 1;
        }
    }

    fn home(&mut self, out: &mut Vec<u8>) {
        left(out, self.cursor);
        self.cursor = 0;
    }

    fn end(&mut self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.line[self.cursor..]);
        self.cursor = self.line.len();
    }

    /// Replaces what is shown with `line`, the cursor at its end.
    fn show(&mut self, line: Vec<u8>, out: &mut Vec<u8>) {
        left(out, self.cursor);
        out.extend_from_slice(&line);
        out.extend_from_slice(b"\x1b[K");
        self.cursor = line.len();
        self.line = line;
    }

    fn history_step(&mut self, older: bool, out: &mut Vec<u8>) {
        let next = match (&self.browsing, older) {
            (None, true) if !self.history.is_empty() => Some(0),
            (Some((at, _)), true) if at + 1 < self.history.len() => Some(at + 1),
            (Some((at, _)), false) if *at > 0 => Some(at - 1),
            (Some(_), false) => None,
            _ => return,
        };
        match next {
            Some(at) => {
                let typed = match self.browsing.take() {
                    Some((_, typed)) => typed,
                    None => self.line.clone(),
                };
                self.browsing = Some((at, typed));
                let line = self.history[at].clone();
                self.show(line, out);
            }
            None => {
                // Down past the newest: the line typed before browsing.
                let typed = self.browsing.take().map(|(_, t)| t).unwrap_or_default();
                self.show(typed, out);
            }
        }
    }

    /// Answers a [`Key::Complete`]: `names` complete the word whose typed
    /// part is `prefix`. One name, or names sharing more than the typed
    /// part: that much is inserted. Several: they are listed under the line,
    /// and the prompt and line shown again, as MicroPython does.
    pub fn complete(&mut self, prefix: &str, names: &[String], out: &mut Vec<u8>) {
        let common = crate::common_prefix(names);
        if common.len() > prefix.len() {
            let rest = common.as_bytes()[prefix.len()..].to_vec();
            self.insert(&rest, out);
            return;
        }
        if names.len() < 2 {
            return;
        }
        out.extend_from_slice(b"\r\n");
        for (i, name) in names.iter().enumerate() {
            out.extend_from_slice(name.as_bytes());
            if i + 1 < names.len() {
                let gap = 16 - name.len() % 16;
                out.extend(std::iter::repeat_n(b' ', gap));
            }
        }
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(&self.prompt);
        out.extend_from_slice(&self.line);
        left(out, self.line.len() - self.cursor);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn type_all(editor: &mut LineEditor, bytes: &[u8]) -> (Vec<u8>, Vec<Key>) {
        let mut out = Vec::new();
        let keys = bytes
            .iter()
            .map(|&b| editor.feed(b, &mut out))
            .filter(|k| *k != Key::Edited)
            .collect();
        (out, keys)
    }

    #[test]
    fn typing_and_editing_in_the_middle() {
        let mut editor = LineEditor::default();
        editor.begin(b">>> ", "");
        let (_, keys) = type_all(
            &mut editor,
            b"prnt(1)\x1b[D\x1b[D\x1b[D\x1b[D\x1b[Di\x1b[F\x7f\x7f2)\r",
        );
        assert_eq!(keys, vec![Key::Enter("print(2)".into())]);
    }

    #[test]
    fn home_end_and_delete() {
        let mut editor = LineEditor::default();
        editor.begin(b">>> ", "");
        let (_, keys) = type_all(&mut editor, b"xabc\x1b[H\x1b[3~\x01\x05d\r");
        assert_eq!(keys, vec![Key::Enter("abcd".into())]);
    }

    #[test]
    fn up_and_down_walk_the_history() {
        let mut editor = LineEditor::default();
        for line in ["a = 1", "b = 2", "b = 2", "   "] {
            editor.begin(b">>> ", "");
            type_all(&mut editor, format!("{line}\r").as_bytes());
        }
        editor.begin(b">>> ", "");
        let (out, keys) = type_all(&mut editor, b"typed\x1b[A\x1b[A\x1b[A\r");
        assert_eq!(
            keys,
            vec![Key::Enter("a = 1".into())],
            "{}",
            String::from_utf8_lossy(&out)
        );
        editor.begin(b">>> ", "");
        let (_, keys) = type_all(&mut editor, b"new\x1b[A\x1b[B\r");
        assert_eq!(keys, vec![Key::Enter("new".into())]);
    }

    #[test]
    fn history_keeps_the_last_eight_lines() {
        let mut editor = LineEditor::default();
        for n in 0..20 {
            editor.begin(b">>> ", "");
            type_all(&mut editor, format!("x = {n}\r").as_bytes());
        }
        assert_eq!(editor.history.len(), HISTORY);
        assert_eq!(editor.history[0], b"x = 19");
    }

    #[test]
    fn tab_asks_and_the_answer_is_inserted_or_listed() {
        let mut editor = LineEditor::default();
        editor.begin(b">>> ", "");
        let (_, keys) = type_all(&mut editor, b"asyncio.sle\t");
        assert_eq!(keys, vec![Key::Complete("asyncio.sle".into())]);
        let mut out = Vec::new();
        let names = ["sleep".to_string(), "sleep_ms".to_string()];
        editor.complete("sle", &names, &mut out);
        assert_eq!(out, b"ep");
        let mut out = Vec::new();
        editor.complete("sleep", &names, &mut out);
        assert_eq!(
            String::from_utf8_lossy(&out),
            "\r\nsleep           sleep_ms\r\n>>> asyncio.sleep"
        );
        let (_, keys) = type_all(&mut editor, b"(0)\r");
        assert_eq!(keys, vec![Key::Enter("asyncio.sleep(0)".into())]);
    }

    #[test]
    fn auto_indent_starts_the_line_with_its_indentation() {
        let mut editor = LineEditor::default();
        assert_eq!(editor.begin(b"... ", "    "), b"...     ");
        let (_, keys) = type_all(&mut editor, b"pass\r");
        assert_eq!(keys, vec![Key::Enter("    pass".into())]);
    }
}
