# Awaiting a plain generator object, as old uasyncio code does, and
# `yield from` a coroutine inside a plain generator: values sent in and
# exceptions thrown in reach the innermost frame.
from drive import run


def old_style(n):
    got = yield n
    print("old_style got", got)
    return n * 10


async def new_style():
    return await old_style(4)


print("result", run(new_style(), sends=["hello"]))


async def inner():
    try:
        got = await old_style(1)
    except KeyError as exc:
        print("inner caught", repr(exc))
        return "recovered"
    return got


def outer():
    result = yield from inner()
    print("outer result", result)
    return result


gen = outer()
print("first", gen.send(None))
try:
    gen.throw(KeyError("boom"))
except StopIteration as stop:
    print("stop", stop.value)
