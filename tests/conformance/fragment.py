"""Runs a documented fragment, its file unchanged, in the context its text
assumes: as a module, as the body of a coroutine, as the body of a class.
The harnesses (`*_harness.py`) use it; a fragment's names are the
harness's to supply, as the surrounding prose supplies them to the reader."""

import asyncio


def text(name):
    with open(name) as source:
        return source.read()


def run(name, namespace=None):
    """Executes the fragment as a module body in `namespace`; returns it."""
    namespace = {} if namespace is None else namespace
    exec(compile(text(name), name, "exec"), namespace)
    return namespace


def _assigned_names(source):
    """Names the code binds by assignment, so a wrapper can make them global."""
    import ast

    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return sorted(names)


def coroutine(name, namespace, complete=False):
    """The fragment as the body of an `async def` (for fragments written as
    lines of a coroutine: they `await` at their top level). Names it binds
    are globals of `namespace`, so the harness can look at them, and other
    tasks can reach them while the fragment waits. Returns a coroutine."""
    body = completed(name) if complete else text(name)
    first = next(line for line in body.splitlines() if line.strip())
    if not first[0].isspace():
        body = "".join("    " + line if line.strip() else line
                       for line in body.splitlines(True))
    names = _assigned_names("async def f():\n" + body)
    header = "async def __fragment__():\n"
    if names:
        header += "    global " + ", ".join(names) + "\n"
    exec(compile(header + body, name, "exec"), namespace)
    return namespace["__fragment__"]()


def class_with_body(name, class_name, base, namespace):
    """The fragment (indented method definitions) as the body of a class
    derived from `base`. Returns the class."""
    namespace["__fragment_base__"] = base
    source = "class {}(__fragment_base__):\n{}".format(class_name, text(name))
    exec(compile(source, name, "exec"), namespace)
    return namespace[class_name]


def compiles(name):
    """Whether the fragment compiles as printed; prints why not."""
    try:
        compile(text(name), name, "exec")
        return True
    except SyntaxError:  # IndentationError on CPython, SyntaxError on MicroPython
        print("as printed, it does not compile: a block's body is only a comment")
        return False


def completed(name):
    """The fragment with `pass` under each block header whose body the
    document left as a comment ("# code omitted"): the one change needed to
    run it."""
    lines = text(name).splitlines()
    out = []
    for index, line in enumerate(lines):
        out.append(line)
        code = line.split("#", 1)[0].rstrip()
        if not code.endswith(":"):
            continue
        indent = len(line) - len(line.lstrip())
        following = [l for l in lines[index + 1:] if l.strip()]
        body_comments = []
        for l in following:
            if l.lstrip().startswith("#") and len(l) - len(l.lstrip()) > indent:
                body_comments.append(l)
                continue
            if len(l) - len(l.lstrip()) > indent:
                body_comments = None  # the block has code
            break
        if body_comments is not None:
            depth = len(body_comments[0]) - len(body_comments[0].lstrip()) \
                if body_comments else indent + 4
            out.append(" " * depth + "pass")
    return "\n".join(out) + "\n"


def run_completed(name, namespace):
    exec(compile(completed(name), name, "exec"), namespace)
    return namespace


try:
    from time import ticks_diff, ticks_ms  # MicroPython and pinloop

    _START = ticks_ms()

    def _elapsed_ms():
        return ticks_diff(ticks_ms(), _START)
except ImportError:  # CPython, for scripts/conformance-cpython
    from time import monotonic

    _START = monotonic()

    def _elapsed_ms():
        return (monotonic() - _START) * 1000


def at(label):
    """Prints `label` after the time since the harness started, to 10 ms
    (so a real-clock run under CPython prints the same)."""
    print("{:.2f} s  {}".format(round(_elapsed_ms() / 10) / 100, label))
