//! A rewrite that keeps RustPython 0.5.0's code generator out of its
//! nested-`finally` bug (docs/rustpython.md, bug 4).
//!
//! The bug: a `return`, `break` or `continue` that leaves a `try` whose
//! `finally` body itself jumps (`return`, or `break`/`continue` out of it)
//! makes `unwind_fblock_stack` inline that body while the blocks between
//! the jump and the `try` (loops, `with`, `except` handlers, other
//! `finally` bodies) are still on the compiler's block stack. The jump in
//! the inlined body unwinds them a second time: a compiler panic ("stack
//! underflow"), or silently wrong code (a `continue` that goes to an inner
//! loop).
//!
//! The same inlining fails when the `finally` body holds a lambda, a
//! comprehension or a nested function: the generator compiles such a scope
//! only once ("no symbol table available").
//!
//! The rewrite, for each such `try` (innermost first): every jump in its
//! try part (body, handlers, else) that leaves the `try` becomes
//! `raise __pinloop_jump__(KIND, VALUE)`, caught by a handler wrapped
//! around the try part, and the jump is made again after the `try`
//! statement, so no jump leaves the `try` and nothing is inlined:
//!
//! ```text
//! try:                           __pinloop_jump_N__ = None
//!     for x in xs:               try:
//!         return f(x)                try:
//! finally:                  ->           for x in xs:
//!     continue                               raise __pinloop_jump__(1, f(x))
//!                                    except __pinloop_jump__ as __pinloop_j__:
//!                                        __pinloop_jump_N__ = __pinloop_j__
//!                                finally:
//!                                    continue
//!                                if __pinloop_jump_N__ is not None:
//!                                    if __pinloop_jump_N__.args[0] == 1:
//!                                        return __pinloop_jump_N__.args[1]
//! ```
//!
//! The `finally` body runs exactly when it did (the moved jump reaches it
//! as the exception path, once), and its own jump still overrides the
//! pending one, which is then never made. On the way, `except
//! BaseException` and bare `except:` clauses get a clause in front that
//! lets the jump through, and a `with` is spelled out as PEP 343 does
//! ([`expand_with`]) so that its `__exit__` sees a plain exit. A jump
//! made again after this `try` may itself leave an outer such `try`; that
//! `try` is rewritten in turn (inner ones first).

use ruff_text_size::{Ranged, TextRange};
use rustpython_compiler::ast::{
    self, CmpOp, ExceptHandler, Expr, ExprContext, Number, Stmt, name::Name,
};

/// The builtin exception class a moved jump travels as.
pub const JUMP: &str = "__pinloop_jump__";

const RETURN: i64 = 1;
const BREAK: i64 = 2;
const CONTINUE: i64 = 3;

/// Makes the builtin the rewritten code raises and catches: a
/// BaseException subclass, so `except Exception` on the way passes it.
pub fn install(vm: &rustpython_vm::VirtualMachine) -> rustpython_vm::PyResult<()> {
    let base = vm.ctx.exceptions.base_exception_type.to_owned();
    let class = vm
        .ctx
        .new_exception_type("builtins", JUMP, Some(vec![base]));
    vm.builtins.set_attr(JUMP, class, vm)
}

/// Rewrites every statement list of a module in place.
pub fn rewrite(body: &mut Vec<Stmt>) {
    let mut counter = 0;
    fix_block(body, &mut counter);
}

fn fix_block(body: &mut Vec<Stmt>, counter: &mut usize) {
    let mut at = 0;
    while at < body.len() {
        for_each_body(&mut body[at], &mut |inner| fix_block(inner, counter));
        let Stmt::Try(block) = &mut body[at] else {
            at += 1;
            continue;
        };
        let inlining_breaks = !block.finalbody.is_empty()
            && ((has_escaping_jump(&block.finalbody, false) && try_part_needs_moving(block))
                || (has_nested_scope(&block.finalbody) && try_part_jumps_out(block)));
        if !inlining_breaks {
            at += 1;
            continue;
        }
        *counter += 1;
        let (before, after) = move_jumps(block, *counter);
        body.insert(at, before);
        body.insert(at + 2, after);
        at += 3;
    }
}

/// Whether `body` holds a lambda, comprehension, generator expression,
/// function or class: code the generator can compile only once (it takes
/// the scope's symbol table as it goes), so a `finally` body with one
/// cannot be inlined for a jump ("no symbol table available").
fn has_nested_scope(body: &[Stmt]) -> bool {
    struct Finder(std::cell::Cell<bool>);
    impl<'a> ast::visitor::Visitor<'a> for Finder {
        fn visit_stmt(&mut self, stmt: &'a Stmt) {
            match stmt {
                Stmt::FunctionDef(_) | Stmt::ClassDef(_) => self.0.set(true),
                _ => ast::visitor::walk_stmt(self, stmt),
            }
        }
        fn visit_expr(&mut self, expr: &'a Expr) {
            match expr {
                Expr::Lambda(_)
                | Expr::ListComp(_)
                | Expr::SetComp(_)
                | Expr::DictComp(_)
                | Expr::Generator(_) => self.0.set(true),
                _ => ast::visitor::walk_expr(self, expr),
            }
        }
    }
    let mut finder = Finder(std::cell::Cell::new(false));
    for stmt in body {
        ast::visitor::Visitor::visit_stmt(&mut finder, stmt);
    }
    finder.0.get()
}

/// Whether a jump leaves the `try` from anywhere in its try part.
fn try_part_jumps_out(block: &ast::StmtTry) -> bool {
    has_escaping_jump(&block.body, false)
        || has_escaping_jump(&block.orelse, false)
        || block.handlers.iter().any(|h| {
            let ExceptHandler::ExceptHandler(h) = h;
            has_escaping_jump(&h.body, false)
        })
}

/// Calls `f` on every statement list inside `stmt`, function and class
/// bodies included (each is its own scope for jumps).
fn for_each_body(stmt: &mut Stmt, f: &mut dyn FnMut(&mut Vec<Stmt>)) {
    match stmt {
        Stmt::FunctionDef(s) => f(&mut s.body),
        Stmt::ClassDef(s) => f(&mut s.body),
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
            for handler in &mut s.handlers {
                let ExceptHandler::ExceptHandler(h) = handler;
                f(&mut h.body);
            }
            f(&mut s.orelse);
            f(&mut s.finalbody);
        }
        Stmt::Match(s) => s.cases.iter_mut().for_each(|c| f(&mut c.body)),
        _ => {}
    }
}

/// Whether `body` holds a jump out of itself: a `return`, or a `break` or
/// `continue` not inside a loop of its own (`in_loop`: inside one here).
fn has_escaping_jump(body: &[Stmt], in_loop: bool) -> bool {
    body.iter().any(|stmt| match stmt {
        Stmt::Return(_) => true,
        Stmt::Break(_) | Stmt::Continue(_) => !in_loop,
        Stmt::FunctionDef(_) | Stmt::ClassDef(_) => false,
        Stmt::While(s) => has_escaping_jump(&s.body, true) || has_escaping_jump(&s.orelse, in_loop),
        Stmt::For(s) => has_escaping_jump(&s.body, true) || has_escaping_jump(&s.orelse, in_loop),
        Stmt::If(s) => {
            has_escaping_jump(&s.body, in_loop)
                || s.elif_else_clauses
                    .iter()
                    .any(|c| has_escaping_jump(&c.body, in_loop))
        }
        Stmt::With(s) => has_escaping_jump(&s.body, in_loop),
        Stmt::Try(s) => {
            has_escaping_jump(&s.body, in_loop)
                || s.handlers.iter().any(|h| {
                    let ExceptHandler::ExceptHandler(h) = h;
                    has_escaping_jump(&h.body, in_loop)
                })
                || has_escaping_jump(&s.orelse, in_loop)
                || has_escaping_jump(&s.finalbody, in_loop)
        }
        Stmt::Match(s) => s.cases.iter().any(|c| has_escaping_jump(&c.body, in_loop)),
        _ => false,
    })
}

/// Whether a jump leaves the `try` from inside some block of its try part
/// (a handler counts: the handler's own blocks lie between).
fn try_part_needs_moving(block: &ast::StmtTry) -> bool {
    let nested = |body: &[Stmt]| body.iter().any(|s| nested_escaping_jump(s, false));
    nested(&block.body)
        || nested(&block.orelse)
        || block.handlers.iter().any(|h| {
            let ExceptHandler::ExceptHandler(h) = h;
            has_escaping_jump(&h.body, false)
        })
}

/// Whether `stmt` holds an escaping jump inside a block construct (not
/// merely under `if`/`match`, which the compiler gives no block).
fn nested_escaping_jump(stmt: &Stmt, in_loop: bool) -> bool {
    match stmt {
        Stmt::If(s) => {
            s.body.iter().any(|t| nested_escaping_jump(t, in_loop))
                || s.elif_else_clauses
                    .iter()
                    .any(|c| c.body.iter().any(|t| nested_escaping_jump(t, in_loop)))
        }
        Stmt::Match(s) => s
            .cases
            .iter()
            .any(|c| c.body.iter().any(|t| nested_escaping_jump(t, in_loop))),
        Stmt::For(_) | Stmt::While(_) | Stmt::With(_) | Stmt::Try(_) => {
            has_escaping_jump(std::slice::from_ref(stmt), in_loop)
        }
        _ => false,
    }
}

/// Rewrites `block` as the module comment shows; `n` makes its names
/// unique. Returns the statements that go before it (the slot's reset)
/// and after it (the jump made again).
fn move_jumps(block: &mut ast::StmtTry, n: usize) -> (Stmt, Stmt) {
    let range = block.range;
    let mut kinds = Vec::new();
    let mut try_part = ast::StmtTry {
        node_index: Default::default(),
        range,
        body: std::mem::take(&mut block.body),
        handlers: std::mem::take(&mut block.handlers),
        orelse: std::mem::take(&mut block.orelse),
        finalbody: Vec::new(),
        is_star: block.is_star,
    };
    replace_jumps(&mut try_part.body, false, &mut kinds);
    for handler in &mut try_part.handlers {
        let ExceptHandler::ExceptHandler(h) = handler;
        replace_jumps(&mut h.body, false, &mut kinds);
    }
    replace_jumps(&mut try_part.orelse, false, &mut kinds);
    let inner: Vec<Stmt> = if try_part.handlers.is_empty() && try_part.orelse.is_empty() {
        try_part.body
    } else {
        let_jumps_through(&mut try_part.handlers, range);
        vec![Stmt::Try(try_part)]
    };
    let slot = format!("__pinloop_jump_{n}__");
    let caught = "__pinloop_j__";
    let body = vec![Stmt::Try(ast::StmtTry {
        node_index: Default::default(),
        range,
        body: inner,
        handlers: vec![handler(
            Some(load(JUMP, range)),
            Some(caught),
            vec![assign(&slot, load(caught, range), range)],
            range,
        )],
        orelse: Vec::new(),
        finalbody: Vec::new(),
        is_star: false,
    })];
    let mut dispatch = Vec::new();
    for kind in [RETURN, BREAK, CONTINUE] {
        if !kinds.contains(&kind) {
            continue;
        }
        let jump = match kind {
            RETURN => Stmt::Return(ast::StmtReturn {
                node_index: Default::default(),
                range,
                value: Some(Box::new(jump_part(&slot, 1, range))),
            }),
            BREAK => Stmt::Break(ast::StmtBreak {
                node_index: Default::default(),
                range,
            }),
            _ => Stmt::Continue(ast::StmtContinue {
                node_index: Default::default(),
                range,
            }),
        };
        let is_kind = compare(
            jump_part(&slot, 0, range),
            CmpOp::Eq,
            int(kind, range),
            range,
        );
        dispatch.push(if_stmt(is_kind, vec![jump], range));
    }
    let pending = compare(load(&slot, range), CmpOp::IsNot, none(range), range);
    block.body = body;
    (
        assign(&slot, none(range), range),
        if_stmt(pending, dispatch, range),
    )
}

/// Replaces each jump that leaves `body` (a `return`, or a `break` or
/// `continue` outside any loop of its own) with a raise of the jump, and
/// lets the jump through each catch-all handler on the way.
fn replace_jumps(body: &mut [Stmt], in_loop: bool, kinds: &mut Vec<i64>) {
    for stmt in body.iter_mut() {
        let range = stmt.range();
        let replaced = match stmt {
            Stmt::Return(ret) => {
                Some((RETURN, ret.value.take().map_or_else(|| none(range), |v| *v)))
            }
            Stmt::Break(_) if !in_loop => Some((BREAK, none(range))),
            Stmt::Continue(_) if !in_loop => Some((CONTINUE, none(range))),
            _ => None,
        };
        if let Some((kind, value)) = replaced {
            if !kinds.contains(&kind) {
                kinds.push(kind);
            }
            *stmt = Stmt::Raise(ast::StmtRaise {
                node_index: Default::default(),
                range,
                exc: Some(Box::new(call(JUMP, vec![int(kind, range), value], range))),
                cause: None,
            });
            continue;
        }
        match stmt {
            Stmt::FunctionDef(_) | Stmt::ClassDef(_) => {}
            Stmt::While(s) => {
                replace_jumps(&mut s.body, true, kinds);
                replace_jumps(&mut s.orelse, in_loop, kinds);
            }
            Stmt::For(s) => {
                replace_jumps(&mut s.body, true, kinds);
                replace_jumps(&mut s.orelse, in_loop, kinds);
            }
            Stmt::If(s) => {
                replace_jumps(&mut s.body, in_loop, kinds);
                for clause in &mut s.elif_else_clauses {
                    replace_jumps(&mut clause.body, in_loop, kinds);
                }
            }
            Stmt::With(s) => {
                let before = kinds.len();
                let moved_before = moved_jump_count(&s.body);
                replace_jumps(&mut s.body, in_loop, kinds);
                if kinds.len() > before || moved_jump_count(&s.body) > moved_before {
                    let with = std::mem::replace(s, empty_with(range));
                    *stmt = expand_with(with);
                }
            }
            Stmt::Try(s) => {
                replace_jumps(&mut s.body, in_loop, kinds);
                for handler in &mut s.handlers {
                    let ExceptHandler::ExceptHandler(h) = handler;
                    replace_jumps(&mut h.body, in_loop, kinds);
                }
                replace_jumps(&mut s.orelse, in_loop, kinds);
                replace_jumps(&mut s.finalbody, in_loop, kinds);
                let_jumps_through(&mut s.handlers, s.range);
            }
            Stmt::Match(s) => {
                for case in &mut s.cases {
                    replace_jumps(&mut case.body, in_loop, kinds);
                }
            }
            _ => {}
        }
    }
}

fn empty_with(range: TextRange) -> ast::StmtWith {
    ast::StmtWith {
        node_index: Default::default(),
        range,
        is_async: false,
        items: Vec::new(),
        body: Vec::new(),
    }
}

/// How many `raise __pinloop_jump__(...)` statements `body` holds (nested
/// functions and classes aside).
fn moved_jump_count(body: &[Stmt]) -> usize {
    body.iter()
        .map(|stmt| match stmt {
            Stmt::Raise(ast::StmtRaise { exc: Some(exc), .. }) => match exc.as_ref() {
                Expr::Call(c) if matches!(c.func.as_ref(), Expr::Name(n) if n.id.as_str() == JUMP) => 1,
                _ => 0,
            },
            Stmt::FunctionDef(_) | Stmt::ClassDef(_) => 0,
            Stmt::If(s) => {
                moved_jump_count(&s.body)
                    + s.elif_else_clauses.iter().map(|c| moved_jump_count(&c.body)).sum::<usize>()
            }
            Stmt::While(s) => moved_jump_count(&s.body) + moved_jump_count(&s.orelse),
            Stmt::For(s) => moved_jump_count(&s.body) + moved_jump_count(&s.orelse),
            Stmt::With(s) => moved_jump_count(&s.body),
            Stmt::Try(s) => {
                moved_jump_count(&s.body)
                    + s.handlers
                        .iter()
                        .map(|h| {
                            let ExceptHandler::ExceptHandler(h) = h;
                            moved_jump_count(&h.body)
                        })
                        .sum::<usize>()
                    + moved_jump_count(&s.orelse)
                    + moved_jump_count(&s.finalbody)
            }
            Stmt::Match(s) => s.cases.iter().map(|c| moved_jump_count(&c.body)).sum(),
            _ => 0,
        })
        .sum()
}

/// A `with` a moved jump passes through, spelled out as PEP 343 does, so
/// that its `__exit__` sees the jump as the jump it is (no exception):
///
/// ```text
/// MGR = EXPR
/// EXIT = type(MGR).__exit__
/// VALUE = type(MGR).__enter__(MGR)
/// PENDING = True
/// try:
///     try:
///         VAR = VALUE
///         BODY
///     except __pinloop_jump__:
///         raise
///     except BaseException as ERROR:
///         PENDING = False
///         if not EXIT(MGR, type(ERROR), ERROR, ERROR.__traceback__):
///             raise
/// finally:
///     if PENDING:
///         EXIT(MGR, None, None, None)
/// ```
///
/// (`async with` awaits `__aenter__` and `__aexit__`); several items nest.
fn expand_with(with: ast::StmtWith) -> Stmt {
    static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let range = with.range;
    let mut body = with.body;
    for item in with.items.into_iter().rev() {
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        body = expand_item(item, body, with.is_async, n, range);
    }
    if_stmt(
        Expr::BooleanLiteral(ast::ExprBooleanLiteral {
            node_index: Default::default(),
            range,
            value: true,
        }),
        body,
        range,
    )
}

fn expand_item(
    item: ast::WithItem,
    body: Vec<Stmt>,
    is_async: bool,
    n: usize,
    range: TextRange,
) -> Vec<Stmt> {
    let name = |part: &str| format!("__pinloop_with_{n}_{part}__");
    let (manager, exit, value, pending, error) = (
        name("manager"),
        name("exit"),
        name("value"),
        name("pending"),
        name("error"),
    );
    let (enter_name, exit_name) = if is_async {
        ("__aenter__", "__aexit__")
    } else {
        ("__enter__", "__exit__")
    };
    let awaited = |expr: Expr| {
        if is_async {
            Expr::Await(ast::ExprAwait {
                node_index: Default::default(),
                range,
                value: Box::new(expr),
            })
        } else {
            expr
        }
    };
    let method_of_type = |method: &'static str| {
        attribute(
            call("type", vec![load(&manager, range)], range),
            method,
            range,
        )
    };
    let enter = Expr::Call(ast::ExprCall {
        node_index: Default::default(),
        range,
        func: Box::new(method_of_type(enter_name)),
        arguments: arguments(vec![load(&manager, range)], range),
    });
    let exit_with = |args: Vec<Expr>| {
        awaited(Expr::Call(ast::ExprCall {
            node_index: Default::default(),
            range,
            func: Box::new(load(&exit, range)),
            arguments: arguments(args, range),
        }))
    };
    let mut inner = Vec::new();
    if let Some(target) = item.optional_vars {
        inner.push(Stmt::Assign(ast::StmtAssign {
            node_index: Default::default(),
            range,
            targets: vec![*target],
            value: Box::new(load(&value, range)),
        }));
    }
    inner.extend(body);
    let reraise = || {
        Stmt::Raise(ast::StmtRaise {
            node_index: Default::default(),
            range,
            exc: None,
            cause: None,
        })
    };
    let suppressed = exit_with(vec![
        load(&manager, range),
        call("type", vec![load(&error, range)], range),
        load(&error, range),
        attribute(load(&error, range), "__traceback__", range),
    ]);
    let not_suppressed = Expr::UnaryOp(ast::ExprUnaryOp {
        node_index: Default::default(),
        range,
        op: ast::UnaryOp::Not,
        operand: Box::new(suppressed),
    });
    let guarded = Stmt::Try(ast::StmtTry {
        node_index: Default::default(),
        range,
        body: inner,
        handlers: vec![
            handler(Some(load(JUMP, range)), None, vec![reraise()], range),
            handler(
                Some(load("BaseException", range)),
                Some(&error),
                vec![
                    assign(&pending, bool_literal(false, range), range),
                    if_stmt(not_suppressed, vec![reraise()], range),
                ],
                range,
            ),
        ],
        orelse: Vec::new(),
        finalbody: Vec::new(),
        is_star: false,
    });
    let normal_exit = Stmt::Expr(ast::StmtExpr {
        node_index: Default::default(),
        range,
        value: Box::new(exit_with(vec![
            load(&manager, range),
            none(range),
            none(range),
            none(range),
        ])),
    });
    vec![
        assign(&manager, item.context_expr, range),
        assign(&exit, method_of_type(exit_name), range),
        assign(&value, awaited(enter), range),
        assign(&pending, bool_literal(true, range), range),
        Stmt::Try(ast::StmtTry {
            node_index: Default::default(),
            range,
            body: vec![guarded],
            handlers: Vec::new(),
            orelse: Vec::new(),
            finalbody: vec![if_stmt(load(&pending, range), vec![normal_exit], range)],
            is_star: false,
        }),
    ]
}

fn bool_literal(value: bool, range: TextRange) -> Expr {
    Expr::BooleanLiteral(ast::ExprBooleanLiteral {
        node_index: Default::default(),
        range,
        value,
    })
}

fn attribute(value: Expr, name: &'static str, range: TextRange) -> Expr {
    Expr::Attribute(ast::ExprAttribute {
        node_index: Default::default(),
        range,
        value: Box::new(value),
        attr: ast::Identifier::new(Name::new_static(name), range),
        ctx: ExprContext::Load,
    })
}

fn arguments(args: Vec<Expr>, range: TextRange) -> ast::Arguments {
    ast::Arguments {
        range,
        node_index: Default::default(),
        args: args.into_boxed_slice(),
        keywords: Box::new([]),
    }
}

/// Puts `except __pinloop_jump__: raise` before the first handler that
/// would catch a moved jump (bare, or naming BaseException).
fn let_jumps_through(handlers: &mut Vec<ExceptHandler>, range: TextRange) {
    let catches_all = |h: &ExceptHandler| {
        let ExceptHandler::ExceptHandler(h) = h;
        match h.type_.as_deref() {
            None => true,
            Some(Expr::Name(name)) => name.id.as_str() == "BaseException",
            Some(Expr::Tuple(tuple)) => tuple
                .elts
                .iter()
                .any(|e| matches!(e, Expr::Name(n) if n.id.as_str() == "BaseException")),
            Some(_) => false,
        }
    };
    if let Some(at) = handlers.iter().position(catches_all) {
        let reraise = Stmt::Raise(ast::StmtRaise {
            node_index: Default::default(),
            range,
            exc: None,
            cause: None,
        });
        handlers.insert(
            at,
            handler(Some(load(JUMP, range)), None, vec![reraise], range),
        );
    }
}

fn handler(
    kind: Option<Expr>,
    name: Option<&str>,
    body: Vec<Stmt>,
    range: TextRange,
) -> ExceptHandler {
    ExceptHandler::ExceptHandler(ast::ExceptHandlerExceptHandler {
        range,
        node_index: Default::default(),
        type_: kind.map(Box::new),
        name: name.map(|n| ast::Identifier::new(Name::new(n), range)),
        body,
    })
}

fn load(name: &str, range: TextRange) -> Expr {
    Expr::Name(ast::ExprName {
        node_index: Default::default(),
        range,
        id: Name::new(name),
        ctx: ExprContext::Load,
    })
}

fn assign(name: &str, value: Expr, range: TextRange) -> Stmt {
    Stmt::Assign(ast::StmtAssign {
        node_index: Default::default(),
        range,
        targets: vec![Expr::Name(ast::ExprName {
            node_index: Default::default(),
            range,
            id: Name::new(name),
            ctx: ExprContext::Store,
        })],
        value: Box::new(value),
    })
}

fn none(range: TextRange) -> Expr {
    Expr::NoneLiteral(ast::ExprNoneLiteral {
        node_index: Default::default(),
        range,
    })
}

fn int(value: i64, range: TextRange) -> Expr {
    Expr::NumberLiteral(ast::ExprNumberLiteral {
        node_index: Default::default(),
        range,
        value: Number::Int(ast::Int::from(value as u32)),
    })
}

fn call(function: &str, args: Vec<Expr>, range: TextRange) -> Expr {
    Expr::Call(ast::ExprCall {
        node_index: Default::default(),
        range,
        func: Box::new(load(function, range)),
        arguments: ast::Arguments {
            range,
            node_index: Default::default(),
            args: args.into_boxed_slice(),
            keywords: Box::new([]),
        },
    })
}

/// `SLOT.args[index]`.
fn jump_part(slot: &str, index: i64, range: TextRange) -> Expr {
    let args = Expr::Attribute(ast::ExprAttribute {
        node_index: Default::default(),
        range,
        value: Box::new(load(slot, range)),
        attr: ast::Identifier::new(Name::new_static("args"), range),
        ctx: ExprContext::Load,
    });
    Expr::Subscript(ast::ExprSubscript {
        node_index: Default::default(),
        range,
        value: Box::new(args),
        slice: Box::new(int(index, range)),
        ctx: ExprContext::Load,
    })
}

fn compare(left: Expr, op: CmpOp, right: Expr, range: TextRange) -> Expr {
    Expr::Compare(ast::ExprCompare {
        node_index: Default::default(),
        range,
        left: Box::new(left),
        ops: Box::new([op]),
        comparators: Box::new([right]),
    })
}

fn if_stmt(test: Expr, body: Vec<Stmt>, range: TextRange) -> Stmt {
    Stmt::If(ast::StmtIf {
        node_index: Default::default(),
        range,
        test: Box::new(test),
        body,
        elif_else_clauses: Vec::new(),
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
    fn a_jump_inside_a_block_of_a_try_whose_finally_jumps_is_moved() {
        let out = rewritten(
            "def f():\n    for i in x:\n        try:\n            for j in y:\n                return j\n        finally:\n            continue\n",
        );
        assert!(out.contains(JUMP), "{out}");
        assert!(out.contains("__pinloop_jump_1__"));
    }

    #[test]
    fn other_tries_are_left_alone() {
        for source in [
            // The finally does not jump.
            "def f():\n    try:\n        for j in y:\n            return j\n    finally:\n        g()\n",
            // The jump is directly in the body.
            "def f():\n    try:\n        return 1\n    finally:\n        return 2\n",
            // The break stays inside the try's own loop.
            "def f():\n    try:\n        for j in y:\n            break\n    finally:\n        return 2\n",
        ] {
            assert!(!rewritten(source).contains(JUMP), "{source}");
        }
    }

    #[test]
    fn nested_tries_are_rewritten_inside_out() {
        let out = rewritten(
            "def f():\n    try:\n        try:\n            with a:\n                return 1\n        finally:\n            return 2\n    finally:\n        return 3\n",
        );
        assert!(
            out.contains("__pinloop_jump_1__") && out.contains("__pinloop_jump_2__"),
            "{out}"
        );
    }
}
