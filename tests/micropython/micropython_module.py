# The rest of the micropython module.
import micropython
from micropython import const, native, viper, asm_thumb


@native
def add(a, b):
    return a + b


@micropython.viper
def mul(a: int, b: int) -> int:
    return a * b


print(add(2, 3), mul(4, 5), asm_thumb(len)("abc"))
print(micropython.alloc_emergency_exception_buf(100))

print("opt_level", micropython.opt_level())
import asserts_default  # compiled at level 0: the assert fires

micropython.opt_level(1)
print("opt_level", micropython.opt_level())
import asserts_optimised  # compiled at level 1: asserts are dropped

print("stack_use is positive:", micropython.stack_use() > 0)
micropython.heap_lock()
micropython.heap_lock()
print("locked", micropython.heap_locked())
print("unlock ->", micropython.heap_unlock(), micropython.heap_unlock(), micropython.heap_unlock())
print("locked", micropython.heap_locked())

import io, sys

saved = sys.stdout
sys.stdout = buffer = io.StringIO()
micropython.mem_info()
micropython.mem_info(1)
micropython.qstr_info()
sys.stdout = saved
lines = buffer.getvalue().splitlines()
print(len(lines), lines[0].split()[0], lines[1].split(":")[0], lines[-1].split(":")[0])

micropython.kbd_intr(-1)
micropython.kbd_intr(3)
try:
    micropython.kbd_intr(1000)
except ValueError as exc:
    print("ValueError:", exc)
