//! The listing `re.compile(pattern, re.DEBUG)` prints, line for line as
//! MicroPython's `lib/re1.5/dumpcode.c`.

use std::fmt::Write as _;

use super::compile::{Program, op};

pub fn dump(program: &Program) -> String {
    let code = &program.code;
    let mut out = String::new();
    let mut pc = 0;
    let unit = |cell: i32| char::from_u32(cell as u32).unwrap_or(char::REPLACEMENT_CHARACTER);
    while pc < code.len() {
        let _ = write!(out, "{pc:2}: ");
        let opcode = code[pc];
        pc += 1;
        let _ = match opcode {
            op::SPLIT | op::RSPLIT | op::JMP => {
                let name = match opcode {
                    op::SPLIT => "split",
                    op::RSPLIT => "rsplit",
                    _ => "jmp",
                };
                let offset = code[pc];
                pc += 1;
                writeln!(out, "{name} {} ({offset})", pc as i32 + offset)
            }
            op::CHAR => {
                pc += 1;
                writeln!(out, "char {}", unit(code[pc - 1]))
            }
            op::ANY => writeln!(out, "any"),
            op::CLASS | op::CLASS_NOT => {
                let count = code[pc] as usize;
                let not = if opcode == op::CLASS_NOT { "not" } else { "" };
                let _ = write!(out, "class{not} {count}");
                for pair in code[pc + 1..pc + 1 + 2 * count].chunks_exact(2) {
                    let _ = write!(out, " 0x{:02x}-0x{:02x}", pair[0], pair[1]);
                }
                pc += 1 + 2 * count;
                writeln!(out)
            }
            op::NAMED_CLASS => {
                pc += 1;
                writeln!(out, "namedclass {}", unit(code[pc - 1]))
            }
            op::MATCH => writeln!(out, "match"),
            op::SAVE => {
                pc += 1;
                writeln!(out, "save {}", code[pc - 1])
            }
            op::BOL => writeln!(out, "assert bol"),
            op::EOL => writeln!(out, "assert eol"),
            _ => writeln!(out, "? {opcode}"),
        };
    }
    let _ = writeln!(out, "Bytes: {}, insts: {}", code.len(), program.insts);
    out
}

#[cfg(test)]
mod tests {
    use super::super::compile::compile;
    use super::*;

    #[test]
    fn the_listing_is_micropythons() {
        let pattern: Vec<u32> = "^a|b[0-9]\\w$".chars().map(u32::from).collect();
        let expected = " 0: rsplit 5 (3)\n 2: any\n 3: jmp 0 (-5)\n 5: save 0\n 7: split 14 (5)\n\
                         \x209: assert bol\n10: char a\n12: jmp 23 (9)\n14: char b\n\
                         16: class 1 0x30-0x39\n20: namedclass w\n22: assert eol\n23: save 1\n\
                         25: match\nBytes: 26, insts: 14\n";
        assert_eq!(dump(&compile(&pattern).unwrap()), expected);
    }
}
