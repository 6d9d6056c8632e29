# The one difference the finally-jumps rewrite leaves (docs/rustpython.md
# bug 4): a jump moved out through a with statement reaches __exit__ as an
# exception (the hidden __pinloop_jump__), where CPython passes None.
# Only a return/break/continue inside a with, inside a try whose finally
# itself returns, breaks or continues, is moved.
class Manager:
    def __enter__(self):
        print("enter")
    def __exit__(self, kind, value, traceback):
        print("exit sees", kind.__name__ if kind else None)


def with_inside():
    try:
        with Manager():
            return "from with"
    finally:
        print("finally")
        return "from finally"


def no_jump_in_finally():
    try:
        with Manager():
            return "from with"
    finally:
        print("finally")


print(with_inside())
print(no_jump_in_finally())
