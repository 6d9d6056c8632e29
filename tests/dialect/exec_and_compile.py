# Source compiled at run time speaks the dialect too, as on a board where
# one compiler serves scripts, imports and exec: const(), a class awaitable
# through __iter__ only, `yield from` a coroutine in a plain generator.
import asyncio

namespace = {"asyncio": asyncio}
exec("""
LIMIT = const(3)

class Ticks:
    def __iter__(self):
        yield from asyncio.sleep(0)
        return "iterated"

def old_style():
    result = yield from asyncio.sleep_ms(1)
    return result
""", namespace)
print("LIMIT", namespace["LIMIT"])


async def main():
    print(await namespace["Ticks"]())
    print(await namespace["old_style"]())

asyncio.run(main())

code = compile("B = const(1 << 4)", "built.py", "exec")
exec(code, namespace)
print("B", namespace["B"])

# Bytes source, and the caller's globals when none are given.
exec(b"C = const(7)")
print("C", C)

# Anything else is the plain builtin: eval, ast flags, code objects.
import ast
print(eval("LIMIT * 2", namespace), type(compile("x = 1", "f", "exec", ast.PyCF_ONLY_AST)).__name__)

try:
    exec("X = const(y)")
except SyntaxError as error:
    print("SyntaxError:", error.msg)
