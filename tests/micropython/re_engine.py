# MicroPython's re: its engine for patterns in its grammar, CPython's for the rest.
import re

# match anchors at the start, search does not; pos and endpos are clamped
p = re.compile("o")
print(p.match("dog"), p.search("dog").span(), p.search("dog", 2), p.search("dog", -5, 99).span())
print(p.match("dog", 1).group(0), p.match("dog", 2, 1))
print(re.compile("^o").search("dog", 1))

# groups: numbered only, an unused group is None, a bad number IndexError(n)
m = re.match("(a)|(b)", "b")
print(m, m.groups(), m.groups("-"), m.span(2), m.start(1), m[2], m.group(0, 2))
try:
    m.group(3)
except IndexError as e:
    print("IndexError", repr(e.args))

# MicroPython's engine: '.' matches a newline, $ only the very end, \w is ASCII
print(re.match("a.b", "a\nb").group(0) == "a\nb", re.search("a$", "a\n"), re.match(r"\w+", "éa"))

# split stops at the first empty match and refuses groups
print(re.split(" *", "a b  c"), re.split(",", "a,b,,c", 2), re.compile(b",").split(b"x,y"))
try:
    re.split("(,)", "a,b")
except NotImplementedError as e:
    print("NotImplementedError:", e)

# sub: \N, \g<N>, \\; a callable; count; stops at an empty match; bytes stay bytes
print(re.sub(r"(\d+)-(\d+)", r"\2..\g<1>\\", "10-20 3-4"))
print(re.sub(r"\d", lambda m: str(int(m.group(0)) + 1), "a1b2c3", 2))
print(re.sub("x*", "-", "abc"), re.sub(b"a", b"A", b"banana"))
try:
    re.sub("(a)", r"\2", "a")
except IndexError as e:
    print("IndexError", e)

# bad patterns: ValueError (too big for MicroPython's byte code too); loops: RuntimeError
for bad in ["*a", "(a", "a)", "[ab", "(a)" * 64]:
    try:
        re.compile(bad)
    except ValueError as e:
        print("ValueError:", str(e)[:40])
try:
    re.match("(a*)*", "aaa")
except RuntimeError as e:
    print("RuntimeError:", str(e)[:33])

# re.DEBUG prints MicroPython's listing
re.compile("a+|[^0-9]", re.DEBUG)

# beyond MicroPython's grammar: CPython's engine and meaning
print(re.search(r"\bcat\b", "a cat.").span(), re.match(r"a{2}", "aa").group(0))
print(re.match(r"(?P<n>\d+)", "42").group("n"), re.match("A", "a", re.I).group(0))
print(re.findall(r"\d", "a1b2"), re.fullmatch("a|ab", "ab").group(0), re.escape("a.b"))
print(re.compile(r"(\d)").findall("1 2"), re.subn("a", "b", "aa"))
import ure
print(ure is re)

# CPython's library modules, run unchanged, import CPython's re (platform splits with a group)
import platform
print(platform.re is re, platform.re.split("(,)", "a,b"), type(platform.libc_ver()))

# the match object's CPython extras, and a position that is not an int
m = re.compile("(a)(b)?").match("xac", 1)
print(m.lastindex, m.string, m.pos, m.endpos, m.group(0, 1, 2), m.groupdict(), m[1])
try:
    re.compile("a").match("a", "0")
except TypeError as e:
    print("TypeError")
