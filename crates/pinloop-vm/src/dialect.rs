//! The MicroPython dialect, as a rewrite of the parsed module before code
//! generation. MicroPython compiles `await x` as `yield from x`; CPython
//! separates the two. The rewrite bridges them without touching the `await`
//! of an `async def`, so the common path compiles to the same bytecode as
//! CPython's:
//!
//! - `await x` inside a plain `def` becomes `yield from x`, which makes the
//!   function a generator, as in MicroPython;
//! - `yield from x` inside a plain `def` delegates through
//!   [`DELEGATE`] (`__pinloop_delegate__`), which hands a coroutine or a
//!   CPython-style awaitable over as an iterator, so a generator can
//!   `yield from` a coroutine;
//! - a class whose body defines `__iter__` and not `__await__` is decorated
//!   with [`AWAITABLE`] (`__pinloop_awaitable__`), which makes `__iter__`
//!   its `__await__` unless a base class has one;
//! - `NAME = const(expr)` is checked to be a constant as MicroPython's
//!   parser checks it (ints, floats, strings, bytes, tuples; no division
//!   by zero or negative shifts; no redefinition), compiled as
//!   `NAME = expr`, and every later use of the bare name is the value; a
//!   `_NAME` constant binds no name at all;
//! - `@micropython.native`, `.viper` and `.bytecode` are dropped (emitter
//!   choices, which need no import); another `@micropython.NAME` is a
//!   SyntaxError;
//! - a call with `*args` after a keyword argument (`f(y=1, *a)`) is a
//!   SyntaxError, as in MicroPython (CPython accepts it).
//!
//! The runtime halves of the two helpers live in [`crate::awaitables`].

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use ruff_text_size::{Ranged, TextRange};
use rustpython_compiler::ast::{
    self, Decorator, Expr, ExprContext, Number, Operator, Stmt, UnaryOp,
    name::Name,
    visitor::transformer::{self, Transformer},
};

/// Builtin that turns the operand of a `yield from` into an iterator.
pub const DELEGATE: &str = "__pinloop_delegate__";
/// Builtin class decorator that gives an `__iter__`-only class `__await__`.
pub const AWAITABLE: &str = "__pinloop_awaitable__";

/// A dialect rule the source breaks, located for a SyntaxError.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DialectError {
    pub range: TextRange,
    pub message: String,
}

/// Applies the dialect to a parsed module in place.
pub fn rewrite(body: &mut [Stmt]) -> Result<(), DialectError> {
    let rewriter = Rewriter {
        scope: Cell::new(Scope::Module),
        consts: RefCell::new(HashMap::new()),
        values: RefCell::new(HashMap::new()),
        error: RefCell::new(None),
    };
    rewriter.visit_body(body);
    match rewriter.error.into_inner() {
        Some(error) => Err(error),
        None => Ok(()),
    }
}

/// The innermost scope a node sits in; it decides what `await` and
/// `yield from` mean there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Module,
    Class,
    PlainDef,
    AsyncDef,
    /// A lambda or comprehension: left exactly as CPython compiles it.
    Expression,
}

/// What a constant expression is known to evaluate to, as far as folding
/// needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ConstKind {
    Int,
    Float,
    Other,
}

impl ConstKind {
    fn is_number(self) -> bool {
        matches!(self, ConstKind::Int | ConstKind::Float)
    }
}

/// Whether `expr` is the literal 0 (a division by it cannot fold).
fn is_zero_literal(expr: &Expr) -> bool {
    match expr {
        Expr::NumberLiteral(number) => match &number.value {
            Number::Int(int) => int.as_u64() == Some(0),
            Number::Float(value) => *value == 0.0,
            Number::Complex { .. } => false,
        },
        _ => false,
    }
}

/// Whether `expr` is a negative number literal (`-2`).
fn is_negative_literal(expr: &Expr) -> bool {
    matches!(expr, Expr::UnaryOp(unary) if unary.op == UnaryOp::USub
        && matches!(unary.operand.as_ref(), Expr::NumberLiteral(_))
        && !is_zero_literal(&unary.operand))
}

struct Rewriter {
    scope: Cell<Scope>,
    /// Names bound by `NAME = const(...)` so far, in source order (MicroPython
    /// lets a later constant use an earlier one).
    consts: RefCell<HashMap<Name, ConstKind>>,
    /// The values of the constants: as MicroPython's parser does, every
    /// later use of the bare name is the value itself (the name can be
    /// rebound by an import, a def or a class, and its uses stay the value).
    /// A constant named `_NAME` binds no name at all (not in the module's
    /// or the class's dict).
    values: RefCell<HashMap<Name, Expr>>,
    /// The first error found; the walk carries on but nothing else is kept.
    error: RefCell<Option<DialectError>>,
}

impl Rewriter {
    fn in_scope(&self, scope: Scope, f: impl FnOnce()) {
        let outer = self.scope.replace(scope);
        f();
        self.scope.set(outer);
    }

    fn fail(&self, range: TextRange, message: &str) {
        let mut error = self.error.borrow_mut();
        if error.is_none() {
            *error = Some(DialectError {
                range,
                message: message.to_owned(),
            });
        }
    }

    /// `@micropython.native`, `.viper` and `.bytecode` choose MicroPython's
    /// code emitter at compile time (no import needed); here every function
    /// is bytecode, so they are dropped. Any other `@micropython.NAME`
    /// (except the runtime `asm_thumb`) is MicroPython's SyntaxError.
    fn emitter_decorators(&self, def: &mut ast::StmtFunctionDef) {
        fn micropython_attribute(expr: &Expr) -> Option<&ast::ExprAttribute> {
            let Expr::Attribute(attribute) = expr else {
                return None;
            };
            match attribute.value.as_ref() {
                Expr::Name(name) if name.id.as_str() == "micropython" => Some(attribute),
                inner => micropython_attribute(inner).map(|_| attribute),
            }
        }
        def.decorator_list.retain(|decorator| {
            let Some(attribute) = micropython_attribute(&decorator.expression) else {
                return true;
            };
            let direct = matches!(attribute.value.as_ref(), Expr::Name(_));
            match attribute.attr.id.as_str() {
                "native" | "viper" | "bytecode" if direct => false,
                "asm_thumb" if direct => true,
                _ => {
                    self.fail(decorator.range, "invalid micropython decorator");
                    true
                }
            }
        });
    }

    fn visit_function(&self, def: &mut ast::StmtFunctionDef) {
        self.emitter_decorators(def);
        // Decorators, defaults and annotations belong to the enclosing scope.
        for decorator in &mut def.decorator_list {
            self.visit_decorator(decorator);
        }
        if let Some(type_params) = &mut def.type_params {
            self.visit_type_params(type_params);
        }
        self.visit_parameters(&mut def.parameters);
        if let Some(returns) = &mut def.returns {
            self.visit_annotation(returns);
        }
        let scope = if def.is_async {
            Scope::AsyncDef
        } else {
            Scope::PlainDef
        };
        self.in_scope(scope, || self.visit_body(&mut def.body));
    }

    fn visit_class(&self, class: &mut ast::StmtClassDef) {
        for decorator in &mut class.decorator_list {
            self.visit_decorator(decorator);
        }
        if let Some(type_params) = &mut class.type_params {
            self.visit_type_params(type_params);
        }
        if let Some(arguments) = &mut class.arguments {
            self.visit_arguments(arguments);
        }
        self.in_scope(Scope::Class, || self.visit_body(&mut class.body));
        if binds(&class.body, "__iter__") && !binds(&class.body, "__await__") {
            // Innermost, so the user's decorators see the finished class.
            let range = class.name.range;
            class.decorator_list.push(Decorator {
                range,
                node_index: Default::default(),
                expression: load_name(AWAITABLE, range),
            });
        }
    }

    /// `NAME = const(expr)`: checks `expr` and strips the call. True for
    /// a hidden constant (`_NAME`), whose assignment the caller removes.
    fn rewrite_const(&self, assign: &mut ast::StmtAssign) -> bool {
        let [Expr::Name(target)] = assign.targets.as_slice() else {
            return false;
        };
        let Expr::Call(call) = assign.value.as_mut() else {
            return false;
        };
        let is_const = matches!(call.func.as_ref(), Expr::Name(f) if f.id.as_str() == "const");
        if !is_const || !call.arguments.keywords.is_empty() || call.arguments.args.len() != 1 {
            return false;
        }
        // Earlier hidden constants inside this one are their values.
        let mut argument = call.arguments.args[0].clone();
        self.visit_expr(&mut argument);
        if self.consts.borrow().contains_key(&target.id) {
            self.fail(target.range, "constant redefined");
            return false;
        }
        match self.const_kind(&argument) {
            Some(kind) => {
                self.consts.borrow_mut().insert(target.id.clone(), kind);
                self.values
                    .borrow_mut()
                    .insert(target.id.clone(), argument.clone());
                if target.id.as_str().starts_with('_') {
                    return true;
                }
                *assign.value = argument;
            }
            None => self.fail(argument.range(), "not a constant"),
        }
        false
    }

    /// What `expr` folds to, or None when MicroPython's parser would not
    /// take it as a constant: literals, earlier constants, tuples of
    /// constants, and integer arithmetic without `/` or `**`.
    fn const_kind(&self, expr: &Expr) -> Option<ConstKind> {
        match expr {
            Expr::NumberLiteral(number) => Some(match number.value {
                Number::Int(_) => ConstKind::Int,
                Number::Float(_) => ConstKind::Float,
                Number::Complex { .. } => ConstKind::Other,
            }),
            Expr::StringLiteral(_)
            | Expr::BytesLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::EllipsisLiteral(_) => Some(ConstKind::Other),
            Expr::Name(name) => self.consts.borrow().get(&name.id).copied(),
            Expr::Tuple(tuple) => {
                for element in &tuple.elts {
                    self.const_kind(element)?;
                }
                Some(ConstKind::Other)
            }
            Expr::UnaryOp(unary) => match unary.op {
                UnaryOp::UAdd | UnaryOp::USub => {
                    self.const_kind(&unary.operand).filter(|k| k.is_number())
                }
                UnaryOp::Invert => self
                    .const_kind(&unary.operand)
                    .filter(|k| *k == ConstKind::Int),
                UnaryOp::Not => None,
            },
            Expr::BinOp(binary) => {
                let left = self.const_kind(&binary.left)?;
                let right = self.const_kind(&binary.right)?;
                if !left.is_number() || !right.is_number() {
                    return None;
                }
                let ints = left == ConstKind::Int && right == ConstKind::Int;
                let number = if ints {
                    ConstKind::Int
                } else {
                    ConstKind::Float
                };
                // What MicroPython's parser refuses to fold is a SyntaxError.
                let refuse = |message: &str| {
                    self.fail(binary.range, message);
                    None
                };
                match binary.op {
                    Operator::Add | Operator::Sub | Operator::Mult => Some(number),
                    Operator::FloorDiv | Operator::Mod | Operator::Div
                        if is_zero_literal(&binary.right) =>
                    {
                        refuse("division by zero in a constant")
                    }
                    Operator::FloorDiv | Operator::Mod => Some(number),
                    Operator::Div => Some(ConstKind::Float),
                    Operator::Pow if ints && !is_negative_literal(&binary.right) => {
                        Some(ConstKind::Int)
                    }
                    Operator::Pow => Some(ConstKind::Float),
                    Operator::LShift | Operator::RShift if ints => {
                        if is_negative_literal(&binary.right) {
                            refuse("negative shift count in a constant")
                        } else {
                            Some(ConstKind::Int)
                        }
                    }
                    Operator::BitOr | Operator::BitXor | Operator::BitAnd if ints => {
                        Some(ConstKind::Int)
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }
}

impl Transformer for Rewriter {
    fn visit_stmt(&self, stmt: &mut Stmt) {
        match stmt {
            Stmt::FunctionDef(def) => self.visit_function(def),
            Stmt::ClassDef(class) => self.visit_class(class),
            Stmt::Assign(assign) => {
                if self.rewrite_const(assign) {
                    *stmt = Stmt::Pass(ast::StmtPass {
                        node_index: Default::default(),
                        range: assign.range,
                    });
                    return;
                }
                transformer::walk_stmt(self, stmt);
            }
            _ => transformer::walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&self, expr: &mut Expr) {
        match expr {
            Expr::Lambda(_)
            | Expr::ListComp(_)
            | Expr::SetComp(_)
            | Expr::DictComp(_)
            | Expr::Generator(_) => {
                self.in_scope(Scope::Expression, || transformer::walk_expr(self, expr));
            }
            Expr::Call(call) => {
                let arguments = &call.arguments;
                let first_keyword = arguments.keywords.iter().map(|k| k.range.start()).min();
                if let Some(keyword) = first_keyword
                    && let Some(starred) = arguments
                        .args
                        .iter()
                        .find(|a| matches!(a, Expr::Starred(_)) && a.range().start() > keyword)
                {
                    self.fail(
                        starred.range(),
                        "*args after a keyword argument: MicroPython wants the *args first",
                    );
                }
                transformer::walk_expr(self, expr);
            }
            Expr::Await(_) | Expr::YieldFrom(_) if self.scope.get() == Scope::PlainDef => {
                transformer::walk_expr(self, expr);
                let range = expr.range();
                let (Expr::Await(ast::ExprAwait { value, .. })
                | Expr::YieldFrom(ast::ExprYieldFrom { value, .. })) = expr
                else {
                    unreachable!("matched above")
                };
                let operand = std::mem::replace(value.as_mut(), placeholder());
                *expr = Expr::YieldFrom(ast::ExprYieldFrom {
                    node_index: Default::default(),
                    range,
                    value: Box::new(call(DELEGATE, operand, range)),
                });
            }
            Expr::Name(name) if name.ctx == ExprContext::Load => {
                let value = self.values.borrow().get(&name.id).cloned();
                if let Some(mut value) = value {
                    set_range(&mut value, name.range);
                    *expr = value;
                }
            }
            _ => transformer::walk_expr(self, expr),
        }
    }
}

/// Gives an expression put in place of a name the name's place (its line
/// in tracebacks).
fn set_range(expr: &mut Expr, range: TextRange) {
    match expr {
        Expr::NumberLiteral(e) => e.range = range,
        Expr::StringLiteral(e) => e.range = range,
        Expr::BytesLiteral(e) => e.range = range,
        Expr::BooleanLiteral(e) => e.range = range,
        Expr::NoneLiteral(e) => e.range = range,
        Expr::EllipsisLiteral(e) => e.range = range,
        Expr::Tuple(e) => e.range = range,
        Expr::UnaryOp(e) => e.range = range,
        Expr::BinOp(e) => e.range = range,
        _ => {}
    }
}

/// Whether a class body binds `name` at its top level (a def, an
/// assignment, or an import).
fn binds(body: &[Stmt], name: &str) -> bool {
    let is_name = |target: &Expr| matches!(target, Expr::Name(n) if n.id.as_str() == name);
    body.iter().any(|stmt| match stmt {
        Stmt::FunctionDef(def) => def.name.id.as_str() == name,
        Stmt::Assign(assign) => assign.targets.iter().any(is_name),
        Stmt::AnnAssign(assign) => assign.value.is_some() && is_name(&assign.target),
        Stmt::Import(import) => import
            .names
            .iter()
            .any(|alias| alias.asname.as_ref().unwrap_or(&alias.name).id.as_str() == name),
        Stmt::ImportFrom(import) => import
            .names
            .iter()
            .any(|alias| alias.asname.as_ref().unwrap_or(&alias.name).id.as_str() == name),
        Stmt::If(branch) => {
            binds(&branch.body, name)
                || branch
                    .elif_else_clauses
                    .iter()
                    .any(|clause| binds(&clause.body, name))
        }
        Stmt::Try(block) => {
            binds(&block.body, name) || binds(&block.orelse, name) || binds(&block.finalbody, name)
        }
        _ => false,
    })
}

fn load_name(id: &'static str, range: TextRange) -> Expr {
    Expr::Name(ast::ExprName {
        node_index: Default::default(),
        range,
        id: Name::new_static(id),
        ctx: ExprContext::Load,
    })
}

fn call(function: &'static str, argument: Expr, range: TextRange) -> Expr {
    Expr::Call(ast::ExprCall {
        node_index: Default::default(),
        range,
        func: Box::new(load_name(function, range)),
        arguments: ast::Arguments {
            range,
            node_index: Default::default(),
            args: Box::new([argument]),
            keywords: Box::new([]),
        },
    })
}

fn placeholder() -> Expr {
    Expr::NoneLiteral(ast::ExprNoneLiteral::default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustpython_compiler::parser::parse_module;

    /// Rewrites `source` and prints it back in a compact form for asserts.
    fn rewritten(source: &str) -> Result<String, DialectError> {
        let mut module = parse_module(source).unwrap().into_syntax();
        rewrite(&mut module.body)?;
        Ok(format!("{:?}", module.body))
    }

    fn count(haystack: &str, needle: &str) -> usize {
        haystack.matches(needle).count()
    }

    #[test]
    fn await_in_async_def_is_untouched() {
        let source = "async def f():\n    await g()\n    x = [await h() for _ in y]\n";
        let mut original = parse_module(source).unwrap().into_syntax();
        let before = format!("{:?}", original.body);
        rewrite(&mut original.body).unwrap();
        assert_eq!(before, format!("{:?}", original.body));
    }

    #[test]
    fn await_in_plain_def_becomes_delegated_yield_from() {
        let out = rewritten("def f(self):\n    await self.read(1)\n").unwrap();
        assert_eq!(count(&out, "Await("), 0);
        assert_eq!(count(&out, "YieldFrom("), 1);
        assert_eq!(count(&out, DELEGATE), 1);
    }

    #[test]
    fn nested_async_def_keeps_its_await() {
        let out =
            rewritten("def f():\n    async def g():\n        await h()\n    return g\n").unwrap();
        assert_eq!(count(&out, "Await("), 1);
        assert_eq!(count(&out, DELEGATE), 0);
    }

    #[test]
    fn yield_from_in_generator_is_delegated_once() {
        let out = rewritten("def f():\n    yield from g()\n").unwrap();
        assert_eq!(count(&out, "YieldFrom("), 1);
        assert_eq!(count(&out, DELEGATE), 1);
    }

    #[test]
    fn await_in_lambda_or_comprehension_is_left_for_codegen() {
        let out = rewritten("def f():\n    return [await x for x in y]\n").unwrap();
        assert_eq!(count(&out, "Await("), 1);
        assert_eq!(count(&out, DELEGATE), 0);
    }

    #[test]
    fn iter_only_class_gets_the_decorator() {
        let out = rewritten("class A:\n    def __iter__(self):\n        yield\n").unwrap();
        assert_eq!(count(&out, AWAITABLE), 1);
        let out = rewritten(
            "class B:\n    def __await__(self):\n        yield\n    __iter__ = __await__\n",
        )
        .unwrap();
        assert_eq!(count(&out, AWAITABLE), 0);
        let out = rewritten("class C:\n    def run(self):\n        pass\n").unwrap();
        assert_eq!(count(&out, AWAITABLE), 0);
    }

    #[test]
    fn const_accepts_folding_and_earlier_constants() {
        let out = rewritten("X = const(1)\nY = const(2 * X + (1 << 4))\nS = const('a')\n").unwrap();
        assert_eq!(count(&out, "\"const\""), 0);
        rewritten("T = const((1, 'b', None))\nZ = const(-X)\n").unwrap_err();
        rewritten("T = const((1, 'b', None))\nZ = const(~3)\n").unwrap();
    }

    #[test]
    fn const_rejects_what_micropython_cannot_fold() {
        for bad in [
            "X = const(f())",
            "X = const(1 @ 2)",
            "X = const(UNKNOWN)",
            "X = const([1])",
        ] {
            let error = rewritten(bad).unwrap_err();
            assert_eq!(error.message, "not a constant", "{bad}");
            assert_eq!(u32::from(error.range.start()), 10, "{bad}");
        }
    }

    #[test]
    fn const_folds_floats_and_refuses_what_cannot_fold() {
        rewritten("F = const(2.5)\nG = const(F * 2 - 1 / 4 + 2 ** -2)\nH = const(2 ** 8)\n")
            .unwrap();
        for (bad, message) in [
            ("X = const(1 // 0)", "division by zero in a constant"),
            ("X = const(1 % 0)", "division by zero in a constant"),
            ("X = const(1 << -2)", "negative shift count in a constant"),
        ] {
            assert_eq!(rewritten(bad).unwrap_err().message, message, "{bad}");
        }
        rewritten("X = const(1.5 << 2)").unwrap_err();
    }

    #[test]
    fn hidden_constants_bind_no_name() {
        let out = rewritten("_X = const(12)\n_Y = const(_X + 1)\nprint(_X, _Y)\n").unwrap();
        assert_eq!(count(&out, "\"_X\""), 0);
        assert_eq!(count(&out, "\"_Y\""), 0);
        // A public one is bound, and its uses are its value too.
        let out = rewritten("X = const(12)\nprint(X)\n").unwrap();
        assert_eq!(count(&out, "\"X\""), 1);
        let error = rewritten("A = const(1)\nA = const(2)\n").unwrap_err();
        assert_eq!(error.message, "constant redefined");
    }

    #[test]
    fn emitter_decorators_need_no_import() {
        let out = rewritten(
            "@micropython.native\n@micropython.viper\n@micropython.bytecode\ndef f(): pass\n",
        )
        .unwrap();
        assert_eq!(count(&out, "micropython"), 0);
        for bad in [
            "@micropython.a\ndef f(): pass",
            "@micropython.a.b\ndef f(): pass",
        ] {
            assert_eq!(
                rewritten(bad).unwrap_err().message,
                "invalid micropython decorator"
            );
        }
        rewritten("@micropython.asm_thumb\ndef f(): pass\n").unwrap();
    }

    #[test]
    fn other_calls_named_const_are_left_alone() {
        let out = rewritten("x = const(1, 2)\nprint(const(f()))\n").unwrap();
        assert_eq!(count(&out, "\"const\""), 2);
    }
}
