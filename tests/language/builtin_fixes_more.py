# More builtins and library modules made MicroPython's (docs/rustpython.md):
# mixed % formats, OrderedDict's repr, io.BufferedWriter, errno's fixed
# errorcode, weak reference callbacks and repr, throw() into yield from,
# from-import-* of a non-module, sys.stdin.buffer, struct's padding and O.
import collections, errno, gc, io, struct, sys, weakref

print("%s %(foo)s %(foo)s" % {"foo": 1})
for fmt in ["%(foo)s %s", "%(foo)*s"]:
    try:
        fmt % {"foo": 1}
    except TypeError as e:
        print("TypeError", e)
print("%(a)s-%(b)d" % {"a": "x", "b": 2}, "%s and %s" % (1, 2))

print(collections.OrderedDict(), collections.OrderedDict(a=1))

raw = io.BytesIO()
writer = io.BufferedWriter(raw, 8)
writer.write(b"foobar")
print(raw.getvalue())
writer.write(b"foobar")
print(raw.getvalue())
writer.flush()
print(raw.getvalue())

for change in [lambda d: d.pop(2), lambda d: d.update({1: 2}), lambda d: d.__setitem__(0, 0)]:
    try:
        change(errno.errorcode)
    except TypeError as e:
        print("TypeError", e)
print(errno.errorcode[errno.ENOENT], type(errno.errorcode.copy()) is dict)


class A:
    pass


def callback(*args):
    raise ValueError("in callback", args)


a = A()
ref = weakref.ref(a, callback)
print(ref, ref() is a)
a = None
gc.collect()
print("after the callback")


class Thrower:
    def __iter__(self):
        return self
    def __next__(self):
        return 1
    def throw(self, x):
        print("throw got", x)
        return 456


def delegating():
    yield from Thrower()


g = delegating()
next(g)
print(g.throw(123), g.throw(ZeroDivisionError))


def over_range():
    yield from range(2)
    print("not reached")


g = over_range()
next(g)
try:
    g.throw(StopIteration)
except RuntimeError as e:
    print("RuntimeError", e)


class NotAModule:
    x = "class attribute"
    _hidden = 1


sys.modules["not_a_module"] = NotAModule
from not_a_module import *
print(x, "_hidden" in globals())
sys.modules["not_a_module"] = 1
try:
    from not_a_module import *
except ImportError as e:
    print("ImportError")

print(type(sys.stdin.buffer).__name__)

print(struct.pack("<2I", 1))
obj = A()
print(struct.unpack("<O", struct.pack("<O", obj))[0] is obj)


# close() of a generator that ignored GeneratorExit leaves it suspended:
# the next close() runs its finally blocks.
def stubborn():
    for i in range(2):
        try:
            yield i
        except GeneratorExit:
            print("ignored GeneratorExit", i)
    print("finished")


g = stubborn()
next(g)
try:
    g.close()
except RuntimeError as e:
    print("close:", e)
g.close()
print("closed", list(g))
