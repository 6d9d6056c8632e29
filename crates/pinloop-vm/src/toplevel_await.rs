//! Top-level `await` at the REPL prompt, as CPython's `python -m asyncio`
//! allows (MicroPython's REPL does not). RustPython's code generator has no
//! mode for it, so a statement that awaits outside any function is wrapped
//! as the body of an `async def` whose `global` line names everything the
//! statement binds (so assignments land in `__main__`, as typed), and whose
//! last expression, if any, is returned for the REPL to display.

use std::collections::BTreeSet;

use ruff_text_size::Ranged;
use rustpython_compiler::ast::{
    Expr, ExprContext, Stmt,
    visitor::{self, Visitor},
};
use rustpython_compiler::parser;

/// The name of the wrapping coroutine function in `__main__`.
pub const FUNCTION: &str = "__pinloop_prompt__";

/// A statement rewritten as a coroutine function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wrapped {
    /// Source defining [`FUNCTION`].
    pub source: String,
    /// Whether the statement ends in an expression whose value the
    /// coroutine returns (to be displayed).
    pub returns_value: bool,
}

/// The wrapped form of `source` if it awaits (or uses `async for` / `async
/// with`) outside any function; None otherwise, or if it does not parse.
pub fn wrap(source: &str) -> Option<Wrapped> {
    let module = parser::parse_module(source).ok()?.into_syntax();
    let mut finder = Finder::default();
    for stmt in &module.body {
        finder.visit_stmt(stmt);
    }
    if !finder.awaits {
        return None;
    }
    let mut out = format!("async def {FUNCTION}():\n");
    if !finder.bound.is_empty() {
        let names: Vec<&str> = finder.bound.iter().map(String::as_str).collect();
        out.push_str(&format!("    global {}\n", names.join(", ")));
    }
    let last_value = match module.body.last() {
        Some(Stmt::Expr(statement)) => Some((statement.range(), statement.value.range())),
        _ => None,
    };
    let head_end = last_value.map_or(source.len(), |(stmt, _)| stmt.start().to_usize());
    for line in source[..head_end].lines() {
        out.push_str("    ");
        out.push_str(line);
        out.push('\n');
    }
    if let Some((_, value)) = last_value {
        out.push_str("    return (");
        out.push_str(&source[value.start().to_usize()..value.end().to_usize()]);
        out.push_str(")\n");
    }
    Some(Wrapped {
        source: out,
        returns_value: last_value.is_some(),
    })
}

/// Finds awaits outside functions and the names bound at the top level.
#[derive(Default)]
struct Finder {
    awaits: bool,
    bound: BTreeSet<String>,
}

impl<'a> Visitor<'a> for Finder {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            // Their bodies are scopes of their own: only the name binds.
            Stmt::FunctionDef(def) => {
                self.bound.insert(def.name.to_string());
            }
            Stmt::ClassDef(class) => {
                self.bound.insert(class.name.to_string());
            }
            Stmt::Import(import) => {
                for alias in &import.names {
                    let name = match &alias.asname {
                        Some(asname) => asname.to_string(),
                        None => alias.name.split('.').next().unwrap_or_default().to_owned(),
                    };
                    self.bound.insert(name);
                }
            }
            Stmt::ImportFrom(import) => {
                for alias in &import.names {
                    let name = alias.asname.as_ref().unwrap_or(&alias.name).to_string();
                    if name != "*" {
                        self.bound.insert(name);
                    }
                }
            }
            Stmt::For(statement) if statement.is_async => {
                self.awaits = true;
                visitor::walk_stmt(self, stmt);
            }
            Stmt::With(statement) if statement.is_async => {
                self.awaits = true;
                visitor::walk_stmt(self, stmt);
            }
            _ => visitor::walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Await(_) => {
                self.awaits = true;
                visitor::walk_expr(self, expr);
            }
            Expr::Lambda(_) => {}
            Expr::Name(name) if matches!(name.ctx, ExprContext::Store | ExprContext::Del) => {
                self.bound.insert(name.id.to_string());
            }
            _ => visitor::walk_expr(self, expr),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_without_await_stay_as_they_are() {
        assert_eq!(wrap("x = 1"), None);
        assert_eq!(wrap("async def f():\n    await g()\n"), None);
        assert_eq!(wrap("f = lambda: 1"), None);
        assert_eq!(wrap("x = ("), None, "incomplete input is left to the REPL");
    }

    #[test]
    fn an_awaited_expression_is_returned() {
        let wrapped = wrap("await asyncio.sleep(0.1)").unwrap();
        assert_eq!(
            wrapped.source,
            "async def __pinloop_prompt__():\n    return (await asyncio.sleep(0.1))\n"
        );
        assert!(wrapped.returns_value);
    }

    #[test]
    fn bound_names_become_globals() {
        let wrapped = wrap("import asyncio as a, os.path\nx, y = await f(); z = x\ndel w").unwrap();
        assert_eq!(
            wrapped.source,
            "async def __pinloop_prompt__():\n    global a, os, w, x, y, z\n    import asyncio as a, os.path\n    x, y = await f(); z = x\n    del w\n"
        );
        assert!(!wrapped.returns_value);
        let wrapped = wrap("async for item in source():\n    seen.append(item)\n").unwrap();
        assert!(wrapped.source.contains("global item\n"));
        let wrapped = wrap("r = await g(); r").unwrap();
        assert!(
            wrapped
                .source
                .ends_with("    r = await g(); \n    return (r)\n")
        );
    }
}
