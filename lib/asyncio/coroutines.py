"""CPython's iscoroutine and iscoroutinefunction, without importing
inspect or collections.abc (both slow to import on this VM)."""

_CO_COROUTINE = 0x80


async def _sample():
    pass


_sample_coroutine = _sample()
_CoroutineType = type(_sample_coroutine)
_sample_coroutine.close()
del _sample_coroutine


def _sample_generator():
    yield


_GeneratorType = type(_sample_generator())


def iscoroutine(obj):
    """Whether obj is a coroutine object: native, a generator (MicroPython's
    and old asyncio's coroutines), or any object with the Coroutine
    protocol (send, throw, close, __await__)."""
    if isinstance(obj, (_CoroutineType, _GeneratorType)):
        return True
    kind = type(obj)
    return all(hasattr(kind, name) for name in ("send", "throw", "close", "__await__"))


def iscoroutinefunction(func):
    """Whether func was defined with `async def` (seen through bound
    methods and functools.partial)."""
    while True:
        if hasattr(func, "__func__"):
            func = func.__func__
        elif type(func).__name__ == "partial" and hasattr(func, "func"):
            func = func.func
        else:
            break
    code = getattr(func, "__code__", None)
    return code is not None and bool(code.co_flags & _CO_COROUTINE)
