//! Corrections to the code objects RustPython 0.5.0's generator emits
//! (docs/rustpython.md, bug 5), made once per compile before the code is
//! handed to the VM.
//!
//! **A `with` whose `__exit__` lets the exception through leaves it set.**
//! Two faults meet at the `RERAISE 2` that re-raises when `__exit__`
//! returns false: `compile_with` ends the handler's `SETUP_CLEANUP` block
//! before it (CPython keeps it inside), so the re-raise skips the cleanup's
//! `POP_EXCEPT`; and the VM's `RERAISE n` pops the `n` values under the
//! exception (CPython's leaves them), among them the previous exception
//! that cleanup would restore. After `try: with cm: raise E` / `except E:
//! pass`, `sys.exc_info()` still showed E and the next exception got E as
//! its `__context__`. The fix makes each such instruction `RERAISE 0`
//! (same effect, the values left in place) and gives it the exception-table
//! entry of the `WITH_EXCEPT_START` before it, as CPython's table has it
//! (the generator emits `RERAISE 2` nowhere else).

use rustpython_compiler::{
    CodeObject,
    core::bytecode::{
        CodeUnit, ConstantData, ExceptionTableEntry, Instruction, OpArgByte,
        decode_exception_table, encode_exception_table, find_exception_handler,
    },
};

/// Applies the corrections to `code` and every code object inside it.
pub fn fix(code: &mut CodeObject) {
    with_reraise_keeps_its_cleanup(code);
    if code
        .constants
        .iter()
        .any(|c| matches!(c, ConstantData::Code { .. }))
    {
        code.constants = code
            .constants
            .iter()
            .cloned()
            .map(|constant| match constant {
                ConstantData::Code { mut code } => {
                    fix(&mut code);
                    ConstantData::Code { code }
                }
                other => other,
            })
            .collect();
    }
}

fn with_reraise_keeps_its_cleanup(code: &mut CodeObject) {
    let units = &*code.instructions;
    let mut cleanup: Option<ExceptionTableEntry> = None;
    let mut moves = Vec::new();
    for (index, unit) in units.iter().enumerate() {
        match unit.op {
            Instruction::WithExceptStart => {
                cleanup = find_exception_handler(&code.exceptiontable, index as u32);
            }
            Instruction::Reraise { .. } if u8::from(unit.arg) == 2 => {
                if let Some(entry) = cleanup.take() {
                    moves.push((index as u32, entry));
                }
            }
            _ => {}
        }
    }
    if moves.is_empty() {
        return;
    }
    let mut entries = decode_exception_table(&code.exceptiontable);
    let mut units: Vec<CodeUnit> = code.instructions.to_vec();
    for (index, cleanup) in moves {
        entries = cover(entries, index, cleanup);
        units[index as usize].arg = OpArgByte::new(0);
    }
    code.exceptiontable = encode_exception_table(&entries);
    code.instructions = units.into();
}

/// The table with instruction `index` covered by `handler`'s target,
/// depth and lasti flag, every other instruction as before.
fn cover(
    entries: Vec<ExceptionTableEntry>,
    index: u32,
    handler: ExceptionTableEntry,
) -> Vec<ExceptionTableEntry> {
    let mut out = Vec::with_capacity(entries.len() + 2);
    for entry in entries {
        if index < entry.start || index >= entry.end {
            out.push(entry);
            continue;
        }
        if entry.start < index {
            out.push(ExceptionTableEntry {
                end: index,
                ..entry
            });
        }
        if index + 1 < entry.end {
            out.push(ExceptionTableEntry {
                start: index + 1,
                ..entry
            });
        }
    }
    out.push(ExceptionTableEntry {
        start: index,
        end: index + 1,
        ..handler
    });
    out.sort_by_key(|entry| entry.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(start: u32, end: u32, target: u32) -> ExceptionTableEntry {
        ExceptionTableEntry::new(start, end, target, 1, false)
    }

    #[test]
    fn an_instruction_moves_to_another_handler_and_the_rest_stays() {
        let handler = ExceptionTableEntry::new(0, 0, 90, 4, true);
        let out = cover(vec![entry(0, 5, 50), entry(5, 9, 60)], 2, handler);
        assert_eq!(
            out,
            vec![
                entry(0, 2, 50),
                ExceptionTableEntry::new(2, 3, 90, 4, true),
                entry(3, 5, 50),
                entry(5, 9, 60),
            ]
        );
    }

    #[test]
    fn an_uncovered_instruction_gets_an_entry() {
        let handler = ExceptionTableEntry::new(0, 0, 90, 4, true);
        let out = cover(vec![entry(0, 2, 50)], 7, handler);
        assert_eq!(out.len(), 2);
        assert_eq!(out[1], ExceptionTableEntry::new(7, 8, 90, 4, true));
    }
}
