"""`heapq`: CPython's module (RustPython's frozen pure-Python copy, loaded
from here and re-exported), with the check CPython's C version and
MicroPython make: the heap must be a list (TypeError otherwise, where the
pure-Python code would fail with AttributeError on a tuple)."""

import _pinloop_cpython

_cpython = _pinloop_cpython.load("heapq", globals())
del _pinloop_cpython


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
