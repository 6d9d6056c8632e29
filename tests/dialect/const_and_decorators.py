# MicroPython's compile-time rules: const() folds floats too; a use of a
# constant's name is its value (even after the name is rebound); a
# constant named _NAME binds no name; bad folds and redefinitions are
# SyntaxErrors; @micropython.native/viper/bytecode need no import.
from micropython import const

F = const(2.5)
G = const(F * 2 - 1 / 4 + 2**-2)
H = const(2**8)
print(type(F).__name__, F, G, H)

_HIDDEN = const(12)
TUPLE = const((_HIDDEN, "s", b"b"))
print(_HIDDEN, TUPLE, "_HIDDEN" in globals(), "TUPLE" in globals())


class Box:
    _INNER = const(3)
    OUTER = const(4)
    print("in the class body:", _INNER, OUTER)


print(hasattr(Box, "_INNER"), hasattr(Box, "OUTER"))


def H():
    return "the def"


print("H is still", H, "but globals() has", globals()["H"]())

for source in (
    "A = const(1)\nA = const(2)",
    "A = const(1 // 0)",
    "A = const(1 << -2)",
    "A = const(1 @ 2)",
    "@micropython.unknown\ndef f(): pass",
    "@micropython.a.b\ndef f(): pass",
):
    try:
        exec(source)
        print("compiled:", source)
    except SyntaxError as exc:
        print("SyntaxError:", exc.msg)


@micropython.native
def native(x):
    return x + 1


@micropython.viper
def viper(x):
    return x + 2


@micropython.bytecode
def bytecode(x):
    return x + 3


print(native(1), viper(1), bytecode(1))
import micropython, sys

print(micropython, sys)
