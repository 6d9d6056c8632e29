# `await x` where x's class defines only __iter__ (MicroPython style, the
# tutorial's section 4.1 Foo), driven by hand.
from drive import run


class Foo:
    def __iter__(self):
        for n in range(3):
            print("__iter__ called")
            yield n
        return 42


async def bar():
    foo = Foo()
    print("waiting for foo")
    res = await foo
    print("done", res)
    return res


print("result", run(bar()))
print("Foo has __await__:", hasattr(Foo, "__await__"))


# An __iter__ that returns an iterator (not a generator) works too.
class Countdown:
    def __iter__(self):
        return iter([3, 2, 1])


async def count():
    return await Countdown()


print("result", run(count()))


# A subclass inherits the awaitability.
class Bar(Foo):
    pass


async def sub():
    return await Bar()


print("result", run(sub()))
