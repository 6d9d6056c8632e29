# The compile step: CR and CRLF line ends (also inside string literals), a
# module ending in a backslash, the checks RustPython's compiler skips
# (a bare except that is not last, nonlocal and global together), and
# del of an unbound closure variable.
print(repr(eval('"""a\r\nb\rc"""')))
exec("x = 1\r\ny = 2\rprint(x + y)\r\n")
exec("z = 3\\\n")
print(z)
for source, mode in [("\\\n", "single"), ("\\\n", "eval")]:
    try:
        compile(source, "<s>", mode)
    except SyntaxError:
        print("SyntaxError", mode)
for source in [
    "try:\n a\nexcept:\n pass\nexcept ValueError:\n pass",
    "def f():\n nonlocal a\n global a",
    "f(y=1, *(3,))",
]:
    try:
        exec(source)
        print("compiled")
    except SyntaxError as e:
        print("SyntaxError:", e.msg)


def outer():
    x = 1
    def drop():
        nonlocal x
        try:
            del x
            print("deleted")
        except NameError:
            print("NameError")
    drop()
    drop()


outer()


def twice():
    a = b = 1
    del a, b
    try:
        del a, b
    except NameError as e:
        print(type(e).__name__)


twice()
