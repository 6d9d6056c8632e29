"""`random`: CPython's module (RustPython's frozen copy, loaded from here and
re-exported; a superset of MicroPython's functions). In a seeded run
(`--seed N`, or the virtual clock, whose runs repeat exactly) it starts from
the seed, so every run draws the same numbers."""

import _pinloop
import _pinloop_cpython

_cpython = _pinloop_cpython.load("random", globals())
del _pinloop_cpython

if _pinloop.seed() is not None:
    seed(_pinloop.seed())
del _pinloop
