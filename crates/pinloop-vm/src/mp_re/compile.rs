//! Compiles a regular expression to MicroPython's re1.5 byte code, cell for
//! cell as MicroPython's `lib/re1.5/compilecode.c` lays it out, so that
//! `re.DEBUG` prints the same listing and the same patterns are refused
//! for a jump or count that does not fit a signed byte. A cell holds what
//! MicroPython's byte does, except that a `Char` or class bound holds a
//! whole code point (MicroPython stores UTF-8 bytes).
//!
//! The grammar is MicroPython's: literals, `\` before a character, `.`,
//! `[...]`/`[^...]` with ranges, `\d \D \s \S \w \W` (also in classes),
//! `(...)`, `(?:...)`, `? * + ?? *? +?`, `|`, `^`, `$`. [`micropython_syntax`]
//! says whether a pattern keeps to the part of it that means the same in
//! CPython; the `re` front sends the others to CPython's engine.

/// Instructions, with MicroPython's numbering (`re1.5.h`).
pub mod op {
    pub const CHAR: i32 = 1;
    pub const ANY: i32 = 2;
    pub const CLASS: i32 = 3;
    pub const CLASS_NOT: i32 = 4;
    pub const NAMED_CLASS: i32 = 5;
    /// Instructions below this one consume a character.
    pub const ASSERTS: i32 = 0x50;
    pub const BOL: i32 = 0x50;
    pub const EOL: i32 = 0x51;
    pub const JMP: i32 = 0x60;
    pub const SPLIT: i32 = 0x61;
    pub const RSPLIT: i32 = 0x62;
    pub const SAVE: i32 = 0x7e;
    pub const MATCH: i32 = 0x7f;
    /// In a class, the first cell of a pair that names a class (`\d`).
    pub const NAMED_IN_CLASS: i32 = 0;
}

/// The cells that make `search` out of `match`: `RSplit` over a loop that
/// skips one character (`match` starts after them).
pub const SEARCH_PREFIX: usize = 5;

/// A compiled pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    pub code: Vec<i32>,
    /// Instructions (MicroPython's `insts` in the DEBUG listing).
    pub insts: usize,
    /// Capturing groups, group 0 (the whole match) not counted.
    pub groups: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompileError {
    /// Not a pattern (MicroPython: ValueError).
    Syntax(String),
    /// A jump, class or group number beyond a signed byte (MicroPython:
    /// ValueError "regex too complex").
    TooComplex(String),
    /// Groups nested deeper than [`MAX_NESTING`] (MicroPython runs out of
    /// C stack: RuntimeError).
    TooDeep,
}

/// Nesting of groups the compiler follows (MicroPython's limit is its C
/// stack; this keeps pinloop's recursion well inside its own).
pub const MAX_NESTING: usize = 200;

/// The named classes: `\d \D \s \S \w \W` (MicroPython's
/// `MATCH_NAMED_CLASS_CHAR`).
pub fn is_named_class(unit: u32) -> bool {
    matches!(
        char::from_u32(unit),
        Some('d' | 'D' | 's' | 'S' | 'w' | 'W')
    )
}

const fn ch(c: char) -> u32 {
    c as u32
}

/// True when `pattern` keeps to the part of MicroPython's grammar that
/// means the same to CPython. False for what MicroPython would read
/// differently from CPython or refuse: a letter or digit escaped other
/// than the named classes (`\b`, `\n`, `\1`: MicroPython reads the letter),
/// `{` (CPython's counted repeats; MicroPython's literal), `(?` other than
/// `(?:`, a class opening with `]`, and NUL (MicroPython's end of pattern).
pub fn micropython_syntax(pattern: &[u32]) -> bool {
    let escaped_letter = |unit: Option<&u32>| match unit.and_then(|u| char::from_u32(*u)) {
        Some(c) => c.is_ascii_alphanumeric() && !is_named_class(c as u32),
        None => false,
    };
    let mut i = 0;
    let mut in_class = false;
    while i < pattern.len() {
        let unit = pattern[i];
        if unit == 0 {
            return false;
        }
        if unit == ch('\\') {
            if escaped_letter(pattern.get(i + 1)) {
                return false;
            }
            i += 2;
            continue;
        }
        if in_class {
            in_class = unit != ch(']');
        } else if unit == ch('[') {
            in_class = true;
            if pattern.get(i + 1) == Some(&ch('^')) {
                i += 1;
            }
            if pattern.get(i + 1) == Some(&ch(']')) {
                return false;
            }
        } else if unit == ch('{')
            || (unit == ch('(')
                && pattern.get(i + 1) == Some(&ch('?'))
                && pattern.get(i + 2) != Some(&ch(':')))
        {
            return false;
        }
        i += 1;
    }
    true
}

/// Compiles `pattern` (code points of a str, or bytes).
pub fn compile(pattern: &[u32]) -> Result<Program, CompileError> {
    let mut compiler = Compiler {
        pattern,
        code: vec![op::RSPLIT, 3, op::ANY, op::JMP, -5, op::SAVE, 0],
        insts: 4,
        groups: 0,
        depth: 0,
    };
    let stop = compiler.sequence(0)?;
    if stop < pattern.len() {
        return Err(CompileError::Syntax(format!(
            "error in regex: unbalanced ')' at position {stop}"
        )));
    }
    compiler.code.extend([op::SAVE, 1, op::MATCH]);
    compiler.insts += 2;
    Ok(Program {
        code: compiler.code,
        insts: compiler.insts,
        groups: compiler.groups,
    })
}

struct Compiler<'p> {
    pattern: &'p [u32],
    code: Vec<i32>,
    insts: usize,
    groups: usize,
    depth: usize,
}

/// MicroPython's `REL(at, to)`: the offset a jump at `at` stores to reach
/// `to` (offsets count from after the instruction's two cells).
fn rel(at: usize, to: usize) -> i64 {
    to as i64 - at as i64 - 2
}

impl Compiler<'_> {
    fn at(&self, i: usize) -> Option<u32> {
        self.pattern.get(i).copied()
    }

    fn pc(&self) -> usize {
        self.code.len()
    }

    fn emit(&mut self, cell: i32) {
        self.code.push(cell);
    }

    /// A value MicroPython stores in a signed byte.
    fn byte(&self, value: i64, what: &str) -> Result<i32, CompileError> {
        i8::try_from(value).map(i32::from).map_err(|_| {
            CompileError::TooComplex(format!(
                "regex too complex: {what} is {value}, beyond MicroPython's limit of 127; \
                 split the pattern or use fewer groups"
            ))
        })
    }

    /// Stores `value` (a jump's offset) in the cell at `at`, checked to
    /// fit a signed byte.
    fn patch(&mut self, at: usize, value: i64, what: &str) -> Result<(), CompileError> {
        self.code[at] = self.byte(value, what)?;
        Ok(())
    }

    fn nothing_to_repeat(&self, i: usize) -> CompileError {
        CompileError::Syntax(format!("error in regex: nothing to repeat at position {i}"))
    }

    /// Compiles from `i` to the end or to a `)`; the index where it stopped.
    /// The structure and the order of every emit follow `_compilecode`.
    fn sequence(&mut self, mut i: usize) -> Result<usize, CompileError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(CompileError::TooDeep);
        }
        let start = self.pc();
        let mut term = start;
        let mut alt_label: Option<usize> = None;
        while let Some(unit) = self.at(i).filter(|&u| u != ch(')')) {
            match char::from_u32(unit) {
                Some('\\') => {
                    i += 1;
                    let Some(escaped) = self.at(i) else {
                        return Err(CompileError::Syntax(
                            "error in regex: the pattern ends with a lone backslash".into(),
                        ));
                    };
                    term = self.pc();
                    if is_named_class(escaped) {
                        self.emit(op::NAMED_CLASS);
                    } else {
                        self.emit(op::CHAR);
                    }
                    self.emit(escaped as i32);
                    self.insts += 1;
                }
                Some('.') => {
                    term = self.pc();
                    self.emit(op::ANY);
                    self.insts += 1;
                }
                Some('[') => {
                    term = self.pc();
                    i = self.class(i + 1)?;
                }
                Some('(') => {
                    term = self.pc();
                    i = self.group(i)?;
                }
                Some('?') => {
                    if self.pc() == term {
                        return Err(self.nothing_to_repeat(i));
                    }
                    self.code.splice(term..term, [0, 0]);
                    self.code[term] = if self.at(i + 1) == Some(ch('?')) {
                        i += 1;
                        op::RSPLIT
                    } else {
                        op::SPLIT
                    };
                    self.patch(term + 1, rel(term, self.pc()), "the jump over a '?'")?;
                    self.insts += 1;
                    term = self.pc();
                }
                Some('*') => {
                    if self.pc() == term {
                        return Err(self.nothing_to_repeat(i));
                    }
                    self.code.splice(term..term, [0, 0]);
                    let back = self.byte(rel(self.pc(), term), "the jump back of a '*'")?;
                    self.code.extend([op::JMP, back]);
                    self.code[term] = if self.at(i + 1) == Some(ch('?')) {
                        i += 1;
                        op::RSPLIT
                    } else {
                        op::SPLIT
                    };
                    self.patch(term + 1, rel(term, self.pc()), "the jump over a '*'")?;
                    self.insts += 2;
                    term = self.pc();
                }
                Some('+') => {
                    if self.pc() == term {
                        return Err(self.nothing_to_repeat(i));
                    }
                    let split = if self.at(i + 1) == Some(ch('?')) {
                        i += 1;
                        op::SPLIT
                    } else {
                        op::RSPLIT
                    };
                    let back = self.byte(rel(self.pc(), term), "the jump back of a '+'")?;
                    self.code.extend([split, back]);
                    self.insts += 1;
                    term = self.pc();
                }
                Some('|') => {
                    if let Some(label) = alt_label {
                        self.patch(label, rel(label, self.pc()) + 1, "the jump past a '|'")?;
                    }
                    self.code.splice(start..start, [0, 0]);
                    self.emit(op::JMP);
                    alt_label = Some(self.pc());
                    self.emit(0);
                    self.code[start] = op::SPLIT;
                    self.patch(start + 1, rel(start, self.pc()), "the jump to a '|'")?;
                    self.insts += 2;
                    term = self.pc();
                }
                Some('^') => {
                    self.emit(op::BOL);
                    self.insts += 1;
                    term = self.pc();
                }
                Some('$') => {
                    self.emit(op::EOL);
                    self.insts += 1;
                    term = self.pc();
                }
                _ => {
                    term = self.pc();
                    self.emit(op::CHAR);
                    self.emit(unit as i32);
                    self.insts += 1;
                }
            }
            i += 1;
        }
        if let Some(label) = alt_label {
            self.patch(label, rel(label, self.pc()) + 1, "the jump past a '|'")?;
        }
        self.depth -= 1;
        Ok(i)
    }

    /// A class from just after its `[`; the index of its `]`.
    fn class(&mut self, mut i: usize) -> Result<usize, CompileError> {
        let unterminated = || {
            CompileError::Syntax(
                "error in regex: a '[' without its ']' (write \\] for a ']' inside)".into(),
            )
        };
        if self.at(i) == Some(ch('^')) {
            self.emit(op::CLASS_NOT);
            i += 1;
        } else {
            self.emit(op::CLASS);
        }
        let count_at = self.pc();
        self.emit(0);
        self.insts += 1;
        let mut pairs = 0i64;
        loop {
            let mut unit = self.at(i).ok_or_else(unterminated)?;
            if unit == ch(']') {
                break;
            }
            if unit == ch('\\') {
                i += 1;
                unit = self.at(i).ok_or_else(unterminated)?;
                if is_named_class(unit) {
                    self.code.extend([op::NAMED_IN_CLASS, unit as i32]);
                    pairs += 1;
                    i += 1;
                    continue;
                }
            }
            let mut high = unit;
            if self.at(i + 1) == Some(ch('-')) && self.at(i + 2) != Some(ch(']')) {
                i += 2;
                high = self.at(i).ok_or_else(unterminated)?;
            }
            self.code.extend([unit as i32, high as i32]);
            pairs += 1;
            i += 1;
        }
        self.code[count_at] = self.byte(pairs, "the number of ranges in a class")?;
        Ok(i)
    }

    /// A group from its `(`; the index of its `)`.
    fn group(&mut self, mut i: usize) -> Result<usize, CompileError> {
        let capture = !(self.at(i + 1) == Some(ch('?')) && self.at(i + 2) == Some(ch(':')));
        let mut number = 0;
        if capture {
            self.groups += 1;
            number = self.groups as i64;
            let slot = self.byte(2 * number, "twice the number of groups")?;
            self.code.extend([op::SAVE, slot]);
            self.insts += 1;
        } else {
            i += 2;
        }
        let stop = self.sequence(i + 1)?;
        if self.at(stop) != Some(ch(')')) {
            return Err(CompileError::Syntax(
                "error in regex: a '(' without its ')'".into(),
            ));
        }
        if capture {
            let slot = self.byte(2 * number + 1, "twice the number of groups")?;
            self.code.extend([op::SAVE, slot]);
            self.insts += 1;
        }
        Ok(stop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn units(pattern: &str) -> Vec<u32> {
        pattern.chars().map(u32::from).collect()
    }

    fn compiled(pattern: &str) -> Result<Program, CompileError> {
        compile(&units(pattern))
    }

    #[test]
    fn a_literal_sits_between_the_search_prefix_and_the_match() {
        let program = compiled("ab").unwrap();
        let a = 'a' as i32;
        let b = 'b' as i32;
        assert_eq!(
            program.code,
            vec![
                op::RSPLIT,
                3,
                op::ANY,
                op::JMP,
                -5,
                op::SAVE,
                0,
                op::CHAR,
                a,
                op::CHAR,
                b,
                op::SAVE,
                1,
                op::MATCH
            ]
        );
        assert_eq!((program.insts, program.groups), (8, 0));
    }

    #[test]
    fn micropython_refuses_these() {
        for pattern in ["?", "*", "+", ")", "[", "([", "([)", "[a\\]", "a\\", "(a"] {
            assert!(compiled(pattern).is_err(), "{pattern}");
        }
        for pattern in ["a|", "|", "()", "(?:a)*", "[]]x", "a**"] {
            let _ = compiled(pattern);
        }
    }

    #[test]
    fn limits_are_a_signed_byte() {
        let too_complex = |p: String| matches!(compiled(&p), Err(CompileError::TooComplex(_)));
        assert!(too_complex(format!("[{}]", "a".repeat(256))));
        assert!(too_complex("(a)".repeat(256)));
        assert!(too_complex(format!("({})?", "a".repeat(62))));
        assert!(too_complex(format!("({}.)*", "a".repeat(60))));
        assert!(too_complex(format!("({})+", "a".repeat(62))));
        assert!(too_complex(format!("{}|a", "b".repeat(63))));
        assert!(compiled(&format!("({})?", "a".repeat(61))).is_ok());
        assert!(compiled(&"(a)".repeat(63)).is_ok());
    }

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow() {
        let pattern = format!("{}{}", "(?:".repeat(65536), ")".repeat(65536));
        assert_eq!(compiled(&pattern), Err(CompileError::TooDeep));
    }

    #[test]
    fn only_patterns_that_mean_the_same_to_cpython_are_ours() {
        for ours in ["a|b", "[^a-z\\d]", "(?:ab)+", "\\.\\*", "x$", "[a\\]]"] {
            assert!(micropython_syntax(&units(ours)), "{ours}");
        }
        for cpythons in [
            "\\bword", "a{2}", "(?P<n>a)", "(?=a)", "[]a]", "\\n", "[\\n]", "\\1", "a\0",
        ] {
            assert!(!micropython_syntax(&units(cpythons)), "{cpythons}");
        }
    }
}
