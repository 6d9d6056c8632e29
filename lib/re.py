"""`re`: MicroPython's regular expressions (its re1.5 engine, in
`_pinloop_re`), with MicroPython's match objects, `split` and `sub`; what
MicroPython's `re` lacks comes from CPython's.

A pattern in MicroPython's grammar runs on MicroPython's engine, so it
behaves as on a board: `.` also matches a newline, `$` only the end,
`\\d \\s \\w` are ASCII, `split` stops at the first empty match and refuses
a pattern with groups (NotImplementedError), `sub` stops at an empty match,
`re.DEBUG` prints MicroPython's listing, and a pattern too big for its byte
code is a ValueError. A pattern that MicroPython would read otherwise than
CPython, or not at all (`\\b`, `\\n` written as two characters, `{m,n}`,
`(?P<name>...)`, lookarounds, flags such as `re.I`), runs on CPython's engine
instead, with CPython's meaning: see `_pinloop_re.micropython_syntax`. So
do the functions MicroPython has not (`findall`, `finditer`, `fullmatch`,
`subn`, `escape`, `error`), for either kind of pattern."""

import _pinloop_re

DEBUG = 0x1000

# CPython's flags, as the numbers CPython's engine takes; any of them sends
# the pattern to CPython's engine.
NOFLAG = 0
TEMPLATE = T = 1
IGNORECASE = I = 2
LOCALE = L = 4
MULTILINE = M = 8
DOTALL = S = 16
UNICODE = U = 32
VERBOSE = X = 64
ASCII = A = 256
_CPYTHON_DEBUG = 128

_cpython_re = None


def _cpython():
    """CPython's `re`, loaded on first use (it costs an `enum` import)."""
    global _cpython_re
    if _cpython_re is None:
        import _pinloop_cpython

        _cpython_re = _pinloop_cpython.load("re", {})
    return _cpython_re


def __getattr__(name):
    # escape, error, Pattern, Match, purge, RegexFlag, ...: CPython's.
    if name.startswith("__"):
        raise AttributeError(name)
    return getattr(_cpython(), name)


class _Pattern:
    """A pattern on MicroPython's engine: MicroPython's `match`, `search`,
    `split` and `sub`; CPython's other methods and attributes come from the
    same pattern compiled by CPython's engine, on first use."""

    __slots__ = ("_program", "pattern", "_cpython_pattern")

    def __init__(self, program, pattern):
        self._program = program
        self.pattern = pattern
        self._cpython_pattern = None

    @property
    def flags(self):
        return 0

    @property
    def groups(self):
        return self._program.groups

    # The match object, and MicroPython's clamping of pos and endpos, are
    # the engine's (`_pinloop_re.Match`): one call per match.
    def match(self, string, pos=0, endpos=None):
        return self._program.find(string, pos, endpos, True, self)

    def search(self, string, pos=0, endpos=None):
        return self._program.find(string, pos, endpos, False, self)

    def split(self, string, maxsplit=0):
        # MicroPython's: stops at the first empty match.
        pieces = []
        begin = 0
        end = len(string)
        while True:
            spans = self._program.exec(string, begin, end, False)
            if spans is None or spans[0] == spans[1]:
                break
            pieces.append(string[begin : spans[0]])
            if self._program.groups > 0:
                raise NotImplementedError("splitting with sub-captures")
            begin = spans[1]
            if maxsplit > 0:
                maxsplit -= 1
                if maxsplit == 0:
                    break
        pieces.append(string[begin:end])
        return pieces

    def sub(self, repl, string, count=0, flags=0):
        # MicroPython's: stops at the first empty match; flags are ignored.
        pieces = []
        begin = 0
        end = len(string)
        callable_repl = callable(repl)
        while True:
            match = self._program.find(string, begin, end, False, self)
            if match is None:
                break
            start, stop = match.span()
            if start == stop:
                break
            pieces.append(string[begin:start])
            template = repl(match) if callable_repl else repl
            pieces.append(_expand(template, match, string[:0]))
            begin = stop
            if count > 0:
                count -= 1
                if count == 0:
                    break
        if not pieces:
            return string
        pieces.append(string[begin:end])
        return string[:0].join(pieces)

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        if self._cpython_pattern is None:
            self._cpython_pattern = _cpython().compile(self.pattern)
        return getattr(self._cpython_pattern, name)

    def __repr__(self):
        return "<re %s>" % hex(id(self))


def _expand(template, match, empty):
    """`sub`'s replacement, as MicroPython's: `\\N` and `\\g<N>` name a
    group, `\\\\` is a backslash, a backslash before anything else is
    dropped."""
    if isinstance(template, str) != isinstance(empty, str):
        raise TypeError("sub: the replacement must be of the subject's type")
    backslash = b"\\" if isinstance(empty, bytes) else "\\"
    if backslash not in template:
        return template
    digits = b"0123456789" if isinstance(empty, bytes) else "0123456789"
    out = []
    i = 0
    length = len(template)
    while i < length:
        piece = template[i : i + 1]
        i += 1
        if piece != backslash:
            out.append(piece)
            continue
        g_format = template[i : i + 2] in ("g<", b"g<")
        if g_format:
            i += 2
        start = i
        while i < length and template[i : i + 1] in digits and template[i : i + 1]:
            i += 1
        if i > start:
            group = int(template[start:i])
            if g_format and template[i : i + 1] in (">", b">"):
                i += 1
            value = match.group(group)
            if value is not None:
                out.append(value)
        elif template[i : i + 1] == backslash:
            out.append(backslash)
            i += 1
    return empty.join(out)


def compile(pattern, flags=0):
    if isinstance(pattern, _Pattern):
        return pattern
    if not isinstance(pattern, (str, bytes)):
        if isinstance(pattern, _cpython().Pattern):
            return pattern
        raise TypeError("first argument must be string or compiled pattern")
    if flags & ~DEBUG or not _pinloop_re.micropython_syntax(pattern):
        cpython_flags = flags & ~DEBUG
        if flags & DEBUG:
            cpython_flags |= _CPYTHON_DEBUG
        return _cpython().compile(pattern, cpython_flags)
    if flags & DEBUG:
        program = _pinloop_re.compile(pattern)
        print(program.dump(), end="")
        return _Pattern(program, pattern)
    key = (type(pattern), pattern)
    compiled = _cache.get(key)
    if compiled is None:
        compiled = _Pattern(_pinloop_re.compile(pattern), pattern)
        if len(_cache) >= _CACHE_SIZE:
            _cache.clear()
        _cache[key] = compiled
    return compiled


# Compiled patterns, so `re.match(pattern, s)` in a loop compiles once (as
# CPython's cache does; a pattern object holds no per-use state).
_cache = {}
_CACHE_SIZE = 64


def match(pattern, string, flags=0):
    return compile(pattern, flags).match(string)


def search(pattern, string, flags=0):
    return compile(pattern, flags).search(string)


def split(pattern, string, maxsplit=0, flags=0):
    return compile(pattern, flags).split(string, maxsplit)


def sub(pattern, repl, string, count=0, flags=0):
    return compile(pattern, flags).sub(repl, string, count=count)


def fullmatch(pattern, string, flags=0):
    return _cpython().fullmatch(_source(pattern), string, flags)


def findall(pattern, string, flags=0):
    return _cpython().findall(_source(pattern), string, flags)


def finditer(pattern, string, flags=0):
    return _cpython().finditer(_source(pattern), string, flags)


def subn(pattern, repl, string, count=0, flags=0):
    return _cpython().subn(_source(pattern), repl, string, count=count, flags=flags)


def _source(pattern):
    return pattern.pattern if isinstance(pattern, _Pattern) else pattern
