//! Rewrites of the parsed module that steer RustPython 0.5.0's code
//! generator around its bugs (docs/rustpython.md has each with a
//! reproducer). They run after the dialect, change no behaviour, and cost
//! nothing on the path that raises nothing.
//!
//! **A `with` whose body cannot fall through.** `compile_with` leaves the
//! path that runs when `__exit__` suppresses an exception without popping
//! the handler's cleanup block. When that path is the first to reach the
//! code after the `with` (the body always ends in `raise`, `return`,
//! `break` or `continue`, so the normal exit is dead), the exception-table
//! pass (`label_exception_targets`) labels that code with one handler too
//! many: the enclosing `try`'s pop removes the wrong entry, and its `except`
//! clause then covers the statements after the whole `try` statement (a
//! second OSError raised there is caught again: a loop). The rewrite gives
//! the body a normal exit the generator sees as reachable:
//!
//! ```text
//! with cm:                 with cm:
//!     BODY          ->         try:
//!                                  BODY
//!                              except ():
//!                                  pass
//! ```
//!
//! `except ()` matches no exception, so every exception goes on as before
//! (re-raised by `RERAISE`, which adds no traceback entry); the handler only
//! exists so the flow after it reaches the `with`'s normal exit, which the
//! exception-table pass then visits first, with the right handlers.
//!
//! **`del` of an unbound closure variable.** `DELETE_DEREF` empties the
//! cell without checking that it held a value, so `del x` of a nonlocal
//! already deleted raises nothing. In a function, `del NAME` becomes
//! `NAME` (a load, which raises NameError or UnboundLocalError as the
//! delete would) then `del NAME`; `del a, b` deletes `a` before `b` fails.
//!
//! **`from M import *` of something that is not a module** (a class or an
//! instance put in `sys.modules`): `Frame::import_star` reads only a
//! module's dict, so nothing is imported, and `1` raises nothing. The
//! statement becomes `__pinloop_import_star__("M", level)`, which applies
//! CPython's rules (`__all__` by getattr, else the public names of
//! `__dict__`, else ImportError) to the calling frame's namespace.
//!
//! **Checks the compiler skips**, as SyntaxErrors: a bare `except:` that is
//! not the last handler, and a name declared both `global` and `nonlocal`
//! in one function.

use std::cell::RefCell;

use ruff_text_size::{Ranged, TextRange};
use rustpython_compiler::ast::{
    self, ExceptHandler, Expr, ExprContext, Stmt,
    visitor::transformer::{self, Transformer},
};

use crate::dialect::DialectError;

/// Applies the rewrites to a parsed module in place; an error is a
/// SyntaxError the compiler would have missed.
pub fn rewrite(body: &mut [Stmt]) -> Result<(), DialectError> {
    let rewriter = Rewriter {
        error: RefCell::new(None),
    };
    rewriter.visit_body(body);
    match rewriter.error.into_inner() {
        Some(error) => Err(error),
        None => Ok(()),
    }
}

struct Rewriter {
    /// The first error found.
    error: RefCell<Option<DialectError>>,
}

impl Rewriter {
    fn fail(&self, range: TextRange, message: String) {
        self.error
            .borrow_mut()
            .get_or_insert(DialectError { range, message });
    }
}

impl Transformer for Rewriter {
    fn visit_stmt(&self, stmt: &mut Stmt) {
        transformer::walk_stmt(self, stmt);
        match stmt {
            Stmt::With(with) if may_end_abruptly(&with.body) => {
                let body = std::mem::take(&mut with.body);
                with.body = vec![guarded(body, with.range)];
            }
            Stmt::ImportFrom(import)
                if import.names.len() == 1 && import.names[0].name.as_str() == "*" =>
            {
                let range = import.range;
                let module = import.module.as_ref().map_or("", |m| m.as_str());
                *stmt = import_star_call(module, import.level, range);
            }
            Stmt::Try(block) => {
                let count = block.handlers.len();
                for (at, handler) in block.handlers.iter().enumerate() {
                    let ExceptHandler::ExceptHandler(handler) = handler;
                    if handler.type_.is_none() && at + 1 < count {
                        self.fail(handler.range, "default 'except:' must be last".to_owned());
                    }
                }
            }
            Stmt::FunctionDef(def) => {
                let mut globals = Vec::new();
                let mut nonlocals = Vec::new();
                declarations(&def.body, &mut globals, &mut nonlocals);
                for name in &nonlocals {
                    if globals.iter().any(|g| g.id == name.id) {
                        self.fail(
                            name.range,
                            format!("name '{}' is nonlocal and global", name.id),
                        );
                    }
                }
                load_before_delete(&mut def.body);
            }
            _ => {}
        }
    }
}

/// The builtin that does `from M import *` (see the module comment).
pub const IMPORT_STAR: &str = "__pinloop_import_star__";

fn import_star_call(module: &str, level: u32, range: TextRange) -> Stmt {
    let name = Expr::StringLiteral(ast::ExprStringLiteral {
        node_index: Default::default(),
        range,
        value: ast::StringLiteralValue::single(ast::StringLiteral {
            range,
            node_index: Default::default(),
            value: module.into(),
            flags: ast::StringLiteralFlags::empty(),
        }),
    });
    let level = Expr::NumberLiteral(ast::ExprNumberLiteral {
        node_index: Default::default(),
        range,
        value: ast::Number::Int(ast::Int::from(level)),
    });
    let func = Expr::Name(ast::ExprName {
        node_index: Default::default(),
        range,
        id: ast::name::Name::new_static(IMPORT_STAR),
        ctx: ExprContext::Load,
    });
    Stmt::Expr(ast::StmtExpr {
        node_index: Default::default(),
        range,
        value: Box::new(Expr::Call(ast::ExprCall {
            node_index: Default::default(),
            range,
            func: Box::new(func),
            arguments: ast::Arguments {
                range,
                node_index: Default::default(),
                args: Box::new([name, level]),
                keywords: Box::new([]),
            },
        })),
    })
}

/// `from MODULE import *` into the calling frame's namespace.
pub fn import_star(
    module: rustpython_vm::builtins::PyStrRef,
    level: usize,
    vm: &rustpython_vm::VirtualMachine,
) -> rustpython_vm::PyResult<()> {
    use rustpython_vm::{AsObject, builtins::PyStr};
    let star = vm.ctx.new_tuple(vec![vm.ctx.new_str("*").into()]);
    let from_list = star.try_into_typed::<PyStr>(vm)?;
    let source = vm.import_from(&*module, &from_list, level)?;
    let namespace = vm.current_locals()?;
    let names: Vec<rustpython_vm::PyObjectRef> = match source.get_attr("__all__", vm) {
        Ok(all) => all.try_to_value(vm)?,
        Err(err) if err.fast_isinstance(vm.ctx.exceptions.attribute_error) => {
            let Ok(dict) = source.get_attr("__dict__", vm) else {
                return Err(vm.new_import_error(
                    "from-import-* object has no __dict__ and no __all__".to_owned(),
                    module.clone(),
                ));
            };
            let keys: Vec<rustpython_vm::PyObjectRef> =
                vm.call_method(&dict, "keys", ())?.try_to_value(vm)?;
            keys.into_iter()
                .filter(|k| {
                    k.downcast_ref::<PyStr>()
                        .is_some_and(|s| !s.as_bytes().starts_with(b"_"))
                })
                .collect()
        }
        Err(err) => return Err(err),
    };
    for name in names {
        let name_str: rustpython_vm::builtins::PyStrRef = name.clone().try_into_value(vm)?;
        let value = source.get_attr(&name_str, vm)?;
        namespace.as_object().set_item(&*name, value, vm)?;
    }
    Ok(())
}

/// The names a function's own statements declare `global` and `nonlocal`
/// (nested functions and classes have their own).
fn declarations(
    body: &[Stmt],
    globals: &mut Vec<ast::Identifier>,
    nonlocals: &mut Vec<ast::Identifier>,
) {
    for stmt in body {
        match stmt {
            Stmt::Global(g) => globals.extend(g.names.iter().cloned()),
            Stmt::Nonlocal(n) => nonlocals.extend(n.names.iter().cloned()),
            Stmt::FunctionDef(_) | Stmt::ClassDef(_) => {}
            other => for_each_block(other, &mut |block| declarations(block, globals, nonlocals)),
        }
    }
}

/// Calls `f` on each statement list directly inside `stmt`.
fn for_each_block(stmt: &Stmt, f: &mut dyn FnMut(&[Stmt])) {
    match stmt {
        Stmt::If(s) => {
            f(&s.body);
            s.elif_else_clauses.iter().for_each(|c| f(&c.body));
        }
        Stmt::While(s) => {
            f(&s.body);
            f(&s.orelse);
        }
        Stmt::For(s) => {
            f(&s.body);
            f(&s.orelse);
        }
        Stmt::With(s) => f(&s.body),
        Stmt::Try(s) => {
            f(&s.body);
            s.handlers.iter().for_each(|h| {
                let ExceptHandler::ExceptHandler(h) = h;
                f(&h.body)
            });
            f(&s.orelse);
            f(&s.finalbody);
        }
        Stmt::Match(s) => s.cases.iter().for_each(|c| f(&c.body)),
        _ => {}
    }
}

/// `del a, b` -> `a` / `del a` / `b` / `del b`, in a function's own
/// statement lists (not in nested functions or classes).
fn load_before_delete(body: &mut Vec<Stmt>) {
    let mut at = 0;
    while at < body.len() {
        match &mut body[at] {
            Stmt::Delete(delete) if delete.targets.iter().any(|t| matches!(t, Expr::Name(_))) => {
                let targets = std::mem::take(&mut delete.targets);
                let range = delete.range;
                let mut expanded = Vec::new();
                for target in targets {
                    if let Expr::Name(name) = &target {
                        expanded.push(Stmt::Expr(ast::StmtExpr {
                            node_index: Default::default(),
                            range: name.range,
                            value: Box::new(Expr::Name(ast::ExprName {
                                ctx: ExprContext::Load,
                                ..name.clone()
                            })),
                        }));
                    }
                    expanded.push(Stmt::Delete(ast::StmtDelete {
                        node_index: Default::default(),
                        range: target.range(),
                        targets: vec![target],
                    }));
                }
                let _ = range;
                let count = expanded.len();
                body.splice(at..=at, expanded);
                at += count;
            }
            Stmt::FunctionDef(_) | Stmt::ClassDef(_) => at += 1,
            other => {
                for_each_block_mut(other, &mut load_before_delete);
                at += 1;
            }
        }
    }
}

fn for_each_block_mut(stmt: &mut Stmt, f: &mut dyn FnMut(&mut Vec<Stmt>)) {
    match stmt {
        Stmt::If(s) => {
            f(&mut s.body);
            s.elif_else_clauses.iter_mut().for_each(|c| f(&mut c.body));
        }
        Stmt::While(s) => {
            f(&mut s.body);
            f(&mut s.orelse);
        }
        Stmt::For(s) => {
            f(&mut s.body);
            f(&mut s.orelse);
        }
        Stmt::With(s) => f(&mut s.body),
        Stmt::Try(s) => {
            f(&mut s.body);
            s.handlers.iter_mut().for_each(|h| {
                let ExceptHandler::ExceptHandler(h) = h;
                f(&mut h.body)
            });
            f(&mut s.orelse);
            f(&mut s.finalbody);
        }
        Stmt::Match(s) => s.cases.iter_mut().for_each(|c| f(&mut c.body)),
        _ => {}
    }
}

/// Whether the normal end of `body` may be unreachable for the code
/// generator: conservatively yes when any statement in it (at any depth,
/// not in nested functions or classes) raises, returns, breaks or
/// continues, or is a `while` loop (a `while True` never ends) — a `try`
/// whose body always raises makes everything after it dead, so the last
/// statement alone does not tell.
fn may_end_abruptly(body: &[Stmt]) -> bool {
    body.iter().any(|stmt| match stmt {
        Stmt::Raise(_) | Stmt::Return(_) | Stmt::Break(_) | Stmt::Continue(_) | Stmt::While(_) => {
            true
        }
        Stmt::FunctionDef(_) | Stmt::ClassDef(_) => false,
        other => {
            let mut found = false;
            for_each_block(other, &mut |block| found |= may_end_abruptly(block));
            found
        }
    })
}

/// `try: BODY` / `except (): pass`, placed at `range`.
fn guarded(body: Vec<Stmt>, range: TextRange) -> Stmt {
    let nothing = Expr::Tuple(ast::ExprTuple {
        node_index: Default::default(),
        range,
        elts: Vec::new(),
        ctx: ExprContext::Load,
        parenthesized: true,
    });
    let handler = ExceptHandler::ExceptHandler(ast::ExceptHandlerExceptHandler {
        range,
        node_index: Default::default(),
        type_: Some(Box::new(nothing)),
        name: None,
        body: vec![Stmt::Pass(ast::StmtPass {
            node_index: Default::default(),
            range,
        })],
    });
    Stmt::Try(ast::StmtTry {
        node_index: Default::default(),
        range,
        body,
        handlers: vec![handler],
        orelse: Vec::new(),
        finalbody: Vec::new(),
        is_star: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustpython_compiler::parser::parse_module;

    fn rewritten(source: &str) -> String {
        let mut module = parse_module(source).unwrap().into_syntax();
        rewrite(&mut module.body).unwrap();
        format!("{:?}", module.body)
    }

    fn error_of(source: &str) -> String {
        let mut module = parse_module(source).unwrap().into_syntax();
        rewrite(&mut module.body).unwrap_err().message
    }

    #[test]
    fn missed_syntax_errors_are_reported() {
        assert_eq!(
            error_of("try:\n    a\nexcept:\n    pass\nexcept E:\n    pass\n"),
            "default 'except:' must be last"
        );
        assert_eq!(
            error_of("def f():\n    nonlocal x\n    if y:\n        global x\n"),
            "name 'x' is nonlocal and global"
        );
    }

    #[test]
    fn del_in_a_function_loads_first() {
        let out = rewritten("def f():\n    del a, b.c\n    if x:\n        del d\ndel e\n");
        assert_eq!(out.matches("Delete(").count(), 4);
        assert_eq!(out.matches("Expr(StmtExpr").count(), 2);
    }

    #[test]
    fn a_body_that_cannot_fall_through_gets_a_normal_exit() {
        for source in [
            "with a:\n    raise E\n",
            "with a:\n    return 1\n",
            "async def f():\n    async with a:\n        if x:\n            return\n        raise E\n",
            "for i in y:\n    with a:\n        continue\n",
            "with a:\n    while True:\n        pass\n",
        ] {
            assert_eq!(rewritten(source).matches("Try(").count(), 1, "{source}");
        }
    }

    #[test]
    fn a_body_that_falls_through_is_left_alone() {
        for source in [
            "with a:\n    x = 1\n",
            "with a:\n    if x:\n        y()\n",
            "with a:\n    pass\nraise E\n",
        ] {
            assert_eq!(rewritten(source).matches("Try(").count(), 0, "{source}");
        }
    }

    #[test]
    fn nested_withs_are_each_rewritten() {
        let out = rewritten("with a:\n    with b:\n        raise E\n");
        assert_eq!(out.matches("Try(").count(), 2);
    }
}
