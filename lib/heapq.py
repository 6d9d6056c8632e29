"""`heapq`: CPython's module (RustPython's frozen pure-Python copy, loaded
from here and re-exported), with the check CPython's C version and
MicroPython make: the heap must be a list (TypeError otherwise, where the
pure-Python code would fail with AttributeError on a tuple)."""

import _frozen_importlib as _bootstrap


def _load_cpython_heapq():
    spec = _bootstrap.FrozenImporter.find_spec("heapq")
    module = _bootstrap.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_cpython = _load_cpython_heapq()
_SKIP = ("__name__", "__spec__", "__loader__", "__file__", "__builtins__", "__doc__", "__package__")
globals().update({name: value for name, value in vars(_cpython).items() if name not in _SKIP})
del _load_cpython_heapq, _SKIP, _bootstrap


def _list_only(function):
    def checked(heap, *args):
        if not isinstance(heap, list):
            raise TypeError("heap argument must be a list")
        return function(heap, *args)

    checked.__name__ = function.__name__
    checked.__doc__ = function.__doc__
    return checked


heappush = _list_only(_cpython.heappush)
heappop = _list_only(_cpython.heappop)
heapify = _list_only(_cpython.heapify)
heapreplace = _list_only(_cpython.heapreplace)
heappushpop = _list_only(_cpython.heappushpop)
