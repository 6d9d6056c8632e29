# pinloop: --clock virtual
# Harness for the 4.1.1 syntax fragment (tutorial_s4_1_1_line1006.py,
# unchanged). As printed its blocks hold only comments ("# code omitted"),
# which no Python compiles; with `pass` there it runs, as the lines of a
# coroutine, on an awaitable whose __await__ returns self and which is
# also a synchronous and an asynchronous context manager: `a` is the
# awaitable itself in both.
import asyncio
import fragment


class Awaitable:
    def __await__(self):
        yield from asyncio.sleep(1)
        return self

    __iter__ = __await__  # MicroPython awaits through __iter__

    def __enter__(self):
        fragment.at("__enter__")
        return self

    def __exit__(self, *args):
        fragment.at("__exit__")

    async def __aenter__(self):
        fragment.at("__aenter__")
        return self

    async def __aexit__(self, *args):
        fragment.at("__aexit__")


fragment.compiles("tutorial_s4_1_1_line1006.py")
awaitable = Awaitable()
namespace = {"awaitable": awaitable}
asyncio.run(fragment.coroutine("tutorial_s4_1_1_line1006.py", namespace, complete=True))
print("a is the awaitable:", namespace["a"] is awaitable)
