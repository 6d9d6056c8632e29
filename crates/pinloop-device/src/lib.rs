//! pinloop's device mode (`--device`), the parts free of the Python VM so
//! they are tested without building it:
//!
//! - [`protocol`]: the REPL protocols a host speaks to a board (the
//!   friendly REPL, raw REPL and raw paste, Ctrl-C/D handling), as a state
//!   machine fed bytes that answers with replies and requests;
//! - [`line_editor`]: a board's line editing (history, cursor keys, Tab);
//! - [`framing`]: the byte framing the protocol's state is saved in across
//!   a soft reset's new process;
//! - [`pty`]: the pseudo-terminal a device (and a `--uart ID=pty:LINK`
//!   line) is reached through, behind a symlink.

pub mod framing;
pub mod line_editor;
pub mod protocol;
pub mod pty;

/// The longest start every name shares (Tab completion).
pub fn common_prefix(names: &[String]) -> String {
    let Some(first) = names.first() else {
        return String::new();
    };
    let mut end = first.len();
    for name in &names[1..] {
        end = first
            .char_indices()
            .zip(name.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8())
            .min(end);
    }
    first[..end].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_prefix_of_names() {
        let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            common_prefix(&names(&["sleep", "sleep_ms", "sleep_us"])),
            "sleep"
        );
        assert_eq!(common_prefix(&names(&["ab", "cd"])), "");
        assert_eq!(common_prefix(&names(&["only"])), "only");
        assert_eq!(common_prefix(&[]), "");
    }
}
