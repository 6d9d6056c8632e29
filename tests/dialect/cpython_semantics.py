# Code CPython accepts behaves as in CPython under the dialect.
import types
from drive import run


def numbers():
    yield from range(3)
    yield from [10, 11]


print(list(numbers()))


def echo():
    while True:
        got = yield
        print("echo", got)


def delegating():
    yield from echo()


d = delegating()
next(d)
d.send("a")
d.send("b")
d.close()


# A base class's __await__ wins over a subclass's __iter__, as in CPython.
class Base:
    def __await__(self):
        yield "base __await__"
        return "base"


class Sub(Base):
    def __iter__(self):
        yield "sub __iter__"


async def which():
    return await Sub()


print(run(which()))


@types.coroutine
def legacy():
    got = yield "legacy"
    return got


async def use_legacy():
    return await legacy()


print(run(use_legacy(), sends=["from send"]))


class Container:
    def __init__(self):
        self.items = [1, 2]

    def __iter__(self):
        return iter(self.items)


print(list(Container()), [x * 2 for x in Container()])


async def add(a, b):
    return a + b


async def chain():
    return await add(1, await add(2, 3))


print(run(chain()))
