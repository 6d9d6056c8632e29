# The tutorial's portable awaitable (section 4.1.2): __await__ with
# `__iter__ = __await__`. sys.implementation.name is "micropython", so it
# takes the `yield from <coroutine>` branch inside a plain generator.
import sys
from drive import run

up = sys.implementation.name == "micropython"
print("up", up)


async def times_two(n):
    return 2 * n


class Foo:
    def __await__(self):
        res = 1
        for n in range(5):
            print("__await__ called")
            if up:
                res = yield from times_two(res)
            else:
                res = yield from times_two(res).__await__()
            yield res
        return res

    __iter__ = __await__


async def bar():
    foo = Foo()
    print("waiting for foo")
    res = await foo
    print("done", res)


run(bar())


# CPython style only: __await__ and no __iter__.
class Cpy:
    def __await__(self):
        got = yield "ping"
        return "got " + got


async def cpy():
    return await Cpy()


print(run(cpy(), sends=["pong"]))
print("Cpy has __iter__:", hasattr(Cpy, "__iter__"))
