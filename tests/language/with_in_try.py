# A with (or async with) whose body cannot fall through, inside a try: its
# except clause covers only the try, not what follows (RustPython 0.5.0's
# codegen widened it; docs/rustpython.md bug 3). Output as CPython's.
class CM:
    def __init__(self, suppress=False):
        self.suppress = suppress
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        return self.suppress
    async def __aenter__(self):
        return self
    async def __aexit__(self, *exc):
        return self.suppress


def after_try(suppress):
    try:
        with CM(suppress):
            raise OSError("first")
    except OSError as e:
        print("caught", e)
    raise OSError("second")


def return_in_with(suppress):
    for attempt in range(3):
        try:
            with CM(suppress):
                return "returned"
        except ValueError:
            print("not reached")
        raise KeyError("after the try")


def loop_in_with():
    seen = []
    for i in range(3):
        try:
            with CM(True):
                if i == 1:
                    continue
                raise ValueError(i)
        except ValueError as e:
            seen.append(("caught", e.args[0]))
        seen.append(("after", i))
    return seen


async def async_after_try(suppress):
    try:
        async with CM(suppress):
            raise OSError("first")
    except OSError as e:
        print("caught", e)
    raise OSError("second")


def drive(coro):
    try:
        coro.send(None)
    except StopIteration as stop:
        return stop.value


for suppress in (False, True):
    try:
        after_try(suppress)
    except OSError as e:
        print("outer", suppress, e)
    try:
        print(return_in_with(suppress))
    except KeyError as e:
        print("outer", e)
    try:
        drive(async_after_try(suppress))
    except OSError as e:
        print("async outer", suppress, e)
print(loop_in_with())


# After a with whose __exit__ lets the exception through, caught outside,
# no exception is current any more (docs/rustpython.md bug 5).
import sys


def state_after_reraise():
    try:
        with CM(False):
            raise ValueError("through")
    except ValueError:
        pass
    print("exc_info after:", sys.exc_info()[1])
    try:
        raise KeyError("next")
    except KeyError as e:
        print("context of the next:", repr(e.__context__))


async def async_state_after_reraise():
    try:
        async with CM(False):
            raise ValueError("through")
    except ValueError:
        pass
    print("async exc_info after:", sys.exc_info()[1])


state_after_reraise()
drive(async_state_after_reraise())
print("module level:", sys.exc_info()[1])
