//! Tab completion at a prompt (the terminal REPL and a device's friendly
//! REPL): the dotted name before the cursor, and the names that complete
//! it: those of `__main__` and the builtins, or the attributes of the value
//! the dotted name walks to. Nothing is evaluated but attribute lookups
//! along the name. Runs on the VM thread.

use rustpython_vm::{PyResult, VirtualMachine};

use crate::prompt;

/// The name being completed: `base.prefix` (no base for a plain name).
#[derive(Debug, PartialEq, Eq)]
pub struct Word {
    pub base: String,
    pub prefix: String,
}

/// The word that ends at the end of `before`, None when there is nothing
/// to complete (Tab then does nothing, as at MicroPython's prompt).
pub fn word_before(before: &str) -> Option<Word> {
    let start = before
        .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &before[start..];
    let (base, prefix) = match word.rfind('.') {
        Some(dot) => (&word[..dot], &word[dot + 1..]),
        None => ("", word),
    };
    if base.is_empty() && prefix.is_empty() {
        return None;
    }
    Some(Word {
        base: base.to_owned(),
        prefix: prefix.to_owned(),
    })
}

/// Names in `__main__` and builtins (no base), or attributes of the value
/// of the dotted name `base`, that start with `prefix` (private ones only
/// when the prefix asks for them), sorted.
pub fn names_for(vm: &VirtualMachine, base: &str, prefix: &str) -> Vec<String> {
    let listing = (|| -> PyResult<Vec<String>> {
        let scope = prompt::main_module_scope(vm)?;
        let names: Vec<rustpython_vm::PyObjectRef> = if base.is_empty() {
            let mut names = scope.globals.keys_vec();
            names.extend(vm.builtins.dict().keys_vec());
            names
        } else {
            if !base.split('.').all(|part| {
                !part.is_empty() && part.chars().all(|c| c.is_alphanumeric() || c == '_')
            }) {
                return Ok(Vec::new());
            }
            let mut parts = base.split('.');
            let first = parts.next().unwrap_or_default();
            let mut value = match scope.globals.get_item_opt(first, vm)? {
                Some(value) => value,
                None => vm.builtins.get_attr(&*vm.ctx.new_str(first), vm)?,
            };
            for part in parts {
                value = value.get_attr(&*vm.ctx.new_str(part), vm)?;
            }
            let listed = vm.dir(Some(value))?;
            listed.borrow_vec().to_vec()
        };
        let mut out: Vec<String> = names
            .iter()
            .filter_map(|n| n.downcast_ref::<rustpython_vm::builtins::PyStr>())
            .map(|s| s.to_string_lossy().into_owned())
            .filter(|n| n.starts_with(prefix) && (prefix.starts_with('_') || !n.starts_with('_')))
            .collect();
        out.sort();
        out.dedup();
        Ok(out)
    })();
    listing.unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_is_the_dotted_name_before_the_cursor() {
        let word = |text: &str| word_before(text).map(|w| (w.base, w.prefix));
        assert_eq!(
            word("print(asyncio.sle"),
            Some(("asyncio".into(), "sle".into()))
        );
        assert_eq!(word("x = ma"), Some((String::new(), "ma".into())));
        assert_eq!(word("a.b."), Some(("a.b".into(), String::new())));
        assert_eq!(word("f(1, "), None);
        assert_eq!(word(""), None);
    }
}
