//! Runs a [`Program`] against a subject: MicroPython's backtracking
//! matcher (`lib/re1.5/recursiveloop.c`), with its recursion turned into an
//! explicit stack so that a pattern that loops (`(a*)*`) or a long subject
//! ends in an error instead of overflowing the thread's stack.
//!
//! The algorithm, as MicroPython's: run instructions from `pc` at `sp`;
//! `Split` tries its next instruction first and its target on failure
//! (`RSplit` the other way round); `Save` records a capture, undone if what
//! follows fails. A failure resumes at the newest choice left, so the first
//! match found in that order wins (leftmost, greedy or lazy as written).
//! Where the C code recurses, a [`Frame`] is pushed: `Retry` for the branch
//! not taken, `Restore` for a capture to undo. The stack's height is the C
//! code's recursion depth, and [`MAX_DEPTH`] stands for its stack check.

use super::compile::{Program, SEARCH_PREFIX, op};

/// Choice points kept at once. MicroPython's limit is its C stack (some
/// thousands of frames); this one lets `.*` span a 1 MB subject.
pub const MAX_DEPTH: usize = 1 << 20;

/// Steps between two calls of the interrupt poll.
const POLL_EVERY: u32 = 1 << 16;

#[derive(Debug, PartialEq, Eq)]
pub enum ExecError<E> {
    /// More choice points than [`MAX_DEPTH`] (MicroPython: RuntimeError,
    /// maximum recursion depth exceeded).
    TooDeep,
    /// The poll asked to stop (Ctrl-C).
    Interrupted(E),
}

/// Where to match: the whole subject is `units`; matching starts at
/// `start` and sees nothing at or after `end` (`^` still means index 0).
pub struct Subject<'s, U> {
    pub units: &'s [U],
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Copy)]
enum Frame {
    Retry { pc: usize, sp: usize },
    Restore { slot: usize, old: Option<usize> },
}

/// True when `unit` is in MicroPython's named class `name` (`d`, `s`, `w`,
/// or their capitals for the complement): ASCII only, as on a board.
pub fn named_class_matches(name: i32, unit: u32) -> bool {
    let positive = name & 0x20 != 0;
    let inside = match (name | 0x20) as u8 {
        b'd' => (u32::from(b'0')..=u32::from(b'9')).contains(&unit),
        b's' => unit == u32::from(b' ') || (0x09..=0x0d).contains(&unit),
        _ => char::from_u32(unit).is_some_and(|c| c.is_ascii_alphanumeric() || c == '_'),
    };
    inside == positive
}

/// A class's pairs (`count` of them from `at`) tested against `unit`.
fn class_matches(code: &[i32], at: usize, count: usize, unit: u32) -> bool {
    code[at..at + 2 * count].chunks_exact(2).any(|pair| {
        if pair[0] == op::NAMED_IN_CLASS {
            named_class_matches(pair[1], unit)
        } else {
            pair[0] as u32 <= unit && unit <= pair[1] as u32
        }
    })
}

/// Looks for a match of `program` (from `subject.start`, there only when
/// `anchored`). On a match, `caps` (two slots a group, group 0 first) hold
/// the captured spans and the result is true; `poll` runs every so often
/// and stops the search with its error.
pub fn exec<U: Copy + Into<u32>, E>(
    program: &Program,
    subject: &Subject<'_, U>,
    anchored: bool,
    caps: &mut [Option<usize>],
    poll: &mut dyn FnMut() -> Result<(), E>,
) -> Result<bool, ExecError<E>> {
    let end = subject.end.min(subject.units.len());
    let start = subject.start.min(end);
    let mut steps = 0u32;
    if anchored {
        return attempt(program, subject, start, caps, poll, &mut steps);
    }
    // A search: the search prefix's loop (try the match here, else skip a
    // character and loop) as a Rust loop over the starting positions,
    // which is the same order of attempts; when the pattern begins with a
    // literal, positions without it are skipped without an attempt.
    let first = &program.code[SEARCH_PREFIX + 2..];
    let literal = (first[0] == op::CHAR).then(|| first[1] as u32);
    for at in start..=end {
        if let Some(c) = literal
            && (at >= end || subject.units[at].into() != c)
        {
            continue;
        }
        if attempt(program, subject, at, caps, poll, &mut steps)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// A match of `program` anchored at `at` (from after the search prefix).
fn attempt<U: Copy + Into<u32>, E>(
    program: &Program,
    subject: &Subject<'_, U>,
    at: usize,
    caps: &mut [Option<usize>],
    poll: &mut dyn FnMut() -> Result<(), E>,
    steps: &mut u32,
) -> Result<bool, ExecError<E>> {
    let code = &program.code;
    let end = subject.end.min(subject.units.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut pc = SEARCH_PREFIX;
    let mut sp = at;
    loop {
        *steps = steps.wrapping_add(1);
        if steps.is_multiple_of(POLL_EVERY) {
            poll().map_err(ExecError::Interrupted)?;
        }
        let opcode = code[pc];
        let matched = if opcode < op::ASSERTS && sp >= end {
            false
        } else {
            match opcode {
                op::CHAR => {
                    let ok = subject.units[sp].into() == code[pc + 1] as u32;
                    sp += 1;
                    pc += 2;
                    ok
                }
                op::ANY => {
                    sp += 1;
                    pc += 1;
                    true
                }
                op::CLASS | op::CLASS_NOT => {
                    let count = code[pc + 1] as usize;
                    let inside = class_matches(code, pc + 2, count, subject.units[sp].into());
                    sp += 1;
                    pc += 2 + 2 * count;
                    inside == (opcode == op::CLASS)
                }
                op::NAMED_CLASS => {
                    let ok = named_class_matches(code[pc + 1], subject.units[sp].into());
                    sp += 1;
                    pc += 2;
                    ok
                }
                op::MATCH => return Ok(true),
                op::JMP => {
                    pc = jump_target(code, pc);
                    true
                }
                op::SPLIT | op::RSPLIT => {
                    let (first, second) = if opcode == op::SPLIT {
                        (pc + 2, jump_target(code, pc))
                    } else {
                        (jump_target(code, pc), pc + 2)
                    };
                    stack.push(Frame::Retry { pc: second, sp });
                    pc = first;
                    true
                }
                op::SAVE => {
                    let slot = code[pc + 1] as usize;
                    if slot < caps.len() {
                        stack.push(Frame::Restore {
                            slot,
                            old: caps[slot],
                        });
                        caps[slot] = Some(sp);
                    }
                    pc += 2;
                    true
                }
                op::BOL => {
                    pc += 1;
                    sp == 0
                }
                op::EOL => {
                    pc += 1;
                    sp == end
                }
                _ => unreachable!("re: opcode {opcode} at {pc} is not one the compiler emits"),
            }
        };
        if stack.len() > MAX_DEPTH {
            return Err(ExecError::TooDeep);
        }
        if !matched {
            loop {
                match stack.pop() {
                    None => return Ok(false),
                    Some(Frame::Restore { slot, old }) => caps[slot] = old,
                    Some(Frame::Retry {
                        pc: retry_pc,
                        sp: retry_sp,
                    }) => {
                        pc = retry_pc;
                        sp = retry_sp;
                        break;
                    }
                }
            }
        }
    }
}

/// Where the jump at `pc` goes: its offset counts from after its two cells.
fn jump_target(code: &[i32], pc: usize) -> usize {
    (pc as i64 + 2 + i64::from(code[pc + 1])) as usize
}

#[cfg(test)]
mod tests {
    use super::super::compile::compile;
    use super::*;

    /// The spans of a search (or match) of `pattern` in `text`.
    fn spans(pattern: &str, text: &str, anchored: bool) -> Option<Vec<Option<(usize, usize)>>> {
        let program = compile(&pattern.chars().map(u32::from).collect::<Vec<_>>()).unwrap();
        let units: Vec<u32> = text.chars().map(u32::from).collect();
        let subject = Subject {
            units: &units,
            start: 0,
            end: units.len(),
        };
        let mut caps = vec![None; 2 * (program.groups + 1)];
        let found = exec(&program, &subject, anchored, &mut caps, &mut || {
            Ok::<(), ()>(())
        })
        .unwrap();
        found.then(|| {
            caps.chunks_exact(2)
                .map(|pair| pair[0].zip(pair[1]))
                .collect()
        })
    }

    fn whole(pattern: &str, text: &str) -> Option<(usize, usize)> {
        spans(pattern, text, false).and_then(|groups| groups[0])
    }

    #[test]
    fn search_finds_the_leftmost_match_and_match_only_at_the_start() {
        assert_eq!(whole("o", "dog"), Some((1, 2)));
        assert_eq!(spans("o", "dog", true), None);
        assert_eq!(whole("d", "dog"), Some((0, 1)));
    }

    #[test]
    fn greedy_and_lazy_repeats() {
        assert_eq!(whole("a.*b", "aXbYb"), Some((0, 5)));
        assert_eq!(whole("a.*?b", "aXbYb"), Some((0, 3)));
        assert_eq!(whole("a+?", "aaa"), Some((0, 1)));
        assert_eq!(whole("a??", "a"), Some((0, 0)));
        assert_eq!(whole("ab?c", "ac"), Some((0, 2)));
    }

    #[test]
    fn alternatives_are_tried_in_order() {
        assert_eq!(whole("a|ab", "ab"), Some((0, 1)));
        assert_eq!(whole("x|y|z", "..z"), Some((2, 3)));
        assert_eq!(whole("^a|b[0-9]\\w$", "xb1_"), Some((1, 4)));
    }

    #[test]
    fn groups_keep_their_last_capture_and_an_unused_group_is_none() {
        let groups = spans("(a)|(b)", "b", false).unwrap();
        assert_eq!(groups, vec![Some((0, 1)), None, Some((0, 1))]);
        let groups = spans("(a.)*", "a1a2", true).unwrap();
        assert_eq!(groups[1], Some((2, 4)));
    }

    #[test]
    fn classes_ranges_and_named_classes() {
        assert_eq!(whole("[^a-z]", "abC"), Some((2, 3)));
        assert_eq!(whole("[\\d_]+", "ab_12c"), Some((2, 5)));
        assert_eq!(whole("\\S\\s\\W", "a b!"), None);
        assert_eq!(whole("\\S\\s\\W", "a !"), Some((0, 3)));
        assert_eq!(whole("[é-ë]", "xê"), Some((1, 2)));
    }

    #[test]
    fn anchors_see_the_whole_subject() {
        let program = compile(&"^o".chars().map(u32::from).collect::<Vec<_>>()).unwrap();
        let units: Vec<u32> = "dog".chars().map(u32::from).collect();
        let subject = Subject {
            units: &units,
            start: 1,
            end: 3,
        };
        let mut caps = vec![None; 2];
        assert_eq!(
            exec(
                &program,
                &subject,
                true,
                &mut caps,
                &mut || Ok::<(), ()>(())
            ),
            Ok(false)
        );
        assert_eq!(whole("g$", "dog"), Some((2, 3)));
        assert_eq!(whole("o$", "dog"), None);
    }

    #[test]
    fn a_pattern_that_loops_ends_in_too_deep() {
        let program = compile(&"(a*)*".chars().map(u32::from).collect::<Vec<_>>()).unwrap();
        let units: Vec<u32> = "aaa".chars().map(u32::from).collect();
        let subject = Subject {
            units: &units,
            start: 0,
            end: 3,
        };
        let mut caps = vec![None; 4];
        let result = exec(
            &program,
            &subject,
            true,
            &mut caps,
            &mut || Ok::<(), ()>(()),
        );
        assert_eq!(result, Err(ExecError::TooDeep));
    }

    #[test]
    fn the_poll_can_stop_a_long_search() {
        let program = compile(&"(a|aa)*b".chars().map(u32::from).collect::<Vec<_>>()).unwrap();
        let units = vec![u32::from(b'a'); 40];
        let subject = Subject {
            units: &units,
            start: 0,
            end: 40,
        };
        let mut caps = vec![None; 4];
        let result = exec(&program, &subject, false, &mut caps, &mut || Err("stop"));
        assert_eq!(result, Err(ExecError::Interrupted("stop")));
    }
}
