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

use ruff_text_size::TextRange;
use rustpython_compiler::ast::{
    self, ExceptHandler, Expr, ExprContext, Stmt,
    visitor::transformer::{self, Transformer},
};

/// Applies the rewrites to a parsed module in place.
pub fn rewrite(body: &mut [Stmt]) {
    Rewriter.visit_body(body);
}

struct Rewriter;

impl Transformer for Rewriter {
    fn visit_stmt(&self, stmt: &mut Stmt) {
        transformer::walk_stmt(self, stmt);
        if let Stmt::With(with) = stmt
            && may_end_abruptly(&with.body)
        {
            let body = std::mem::take(&mut with.body);
            with.body = vec![guarded(body, with.range)];
        }
    }
}

/// Whether control may leave `body` other than by reaching its end:
/// conservatively yes for every compound statement that holds a jump or a
/// raise at its end, and for `while` loops (a `while True` never ends).
fn may_end_abruptly(body: &[Stmt]) -> bool {
    let Some(last) = body.last() else {
        return false;
    };
    match last {
        Stmt::Raise(_) | Stmt::Return(_) | Stmt::Break(_) | Stmt::Continue(_) => true,
        Stmt::While(_) => true,
        Stmt::For(block) => may_end_abruptly(&block.body) || may_end_abruptly(&block.orelse),
        Stmt::If(block) => {
            may_end_abruptly(&block.body)
                || block
                    .elif_else_clauses
                    .iter()
                    .any(|clause| may_end_abruptly(&clause.body))
        }
        Stmt::With(block) => may_end_abruptly(&block.body),
        Stmt::Try(block) => {
            may_end_abruptly(&block.body)
                || may_end_abruptly(&block.orelse)
                || may_end_abruptly(&block.finalbody)
                || block.handlers.iter().any(|handler| {
                    let ExceptHandler::ExceptHandler(handler) = handler;
                    may_end_abruptly(&handler.body)
                })
        }
        Stmt::Match(block) => block.cases.iter().any(|case| may_end_abruptly(&case.body)),
        _ => false,
    }
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
        rewrite(&mut module.body);
        format!("{:?}", module.body)
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
