# Builtins that behave as MicroPython's (and CPython's, unless said)
# where RustPython 0.5.0 differed; docs/rustpython.md lists each.
import errno, io, struct, sys

# A bool rounds and formats as the int it is.
print(repr(round(True)), repr(round(False, 2)), repr(format(True, "5")), repr("{:3}".format(False)), format(True, ""))
# A 0 flag on a string keeps its left alignment; number flags are errors.
print(repr(format("ab", "06")), repr("{:06s}".format("ab")), repr(format("ab", ">06")))
for spec in ["=", "+s", "#"]:
    try:
        format("x", spec)
    except ValueError as e:
        print("ValueError", e)
for text in ["abc{!d}", "{0!x:>3}"]:
    try:
        text.format(1)
    except ValueError as e:
        print("ValueError", e)
print("{0!r:>5}|{x!s}".format("a", x=2))
# strip returns the object itself when nothing goes; \v is byte whitespace.
s, b = "abc", b"abc"
print(s.strip() is s, b.rstrip() is b, " a ".strip(), b"\x0b".isspace(), bytearray(b" \t\n\r\v\f").isspace())
# bytes compare with bytes only; b += b on a bytearray.
from array import array
print(array("b", b"abc") == b"abc", b"abc" == bytearray(b"abc"), b"a" == memoryview(b"a"))
x = bytearray(b"12")
x += x
print(x)
# dict views are unhashable; set.pop takes the first element.
for view in [{}.keys(), {}.items()]:
    try:
        hash(view)
    except TypeError:
        print("unhashable", type(view).__name__)
st = set(range(11))
print(st.pop(), st.pop(), len(st))
# A sequence iterator ends with a bare StopIteration.
class Seq:
    def __getitem__(self, i):
        raise StopIteration(42)
try:
    next(iter(Seq()))
except StopIteration as e:
    print("StopIteration", e.args)
# int.to_bytes with a negative length is a ValueError.
try:
    (1).to_bytes(-1, "little")
except ValueError as e:
    print("ValueError", e)
# throw() with three arguments says nothing of deprecation.
def gen():
    yield 1
g = gen()
next(g)
try:
    g.throw(ValueError, ValueError("v"), None)
except ValueError as e:
    print("thrown", e)
# MicroPython: sys.exit() has no arguments; OSError's text and errno.
try:
    sys.exit()
except SystemExit as e:
    print("SystemExit", e.args)
e = OSError(errno.ENOENT)
print(e.errno, e, OSError(errno.EIO, "details"), OSError(5, "d", "more"), OSError(9999))
# MicroPython's stream extensions of BytesIO.
buf = io.BytesIO()
buf.write(b"foo", 2)
buf.write(b"foobar", 1, 3)
buf.write(b"foobar", 4, 100)
print(buf.getvalue())
try:
    buf.seek(-1)
except OSError as e:
    print("OSError", e.args)
# exec takes any bytes-like source.
exec(bytearray(b"print('from a bytearray')"))
exec(memoryview(b"print('from a memoryview')"))
# A struct format may not end in a bare count.
for fmt in ["1", "<2H3"]:
    try:
        struct.calcsize(fmt)
    except struct.error as e:
        print("struct.error", e)
print(struct.calcsize("<2H"), struct.pack("<H", 258))
