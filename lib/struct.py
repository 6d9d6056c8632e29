"""`struct`: CPython's (`_struct`, native), except that a format ending in a
count with no type after it (`'1'`, `'<2H3'`) is an error, as in CPython
and MicroPython (RustPython 0.5.0 accepted a trailing `1`)."""

import _struct
from _struct import Struct as _Struct, error, _clearcache  # noqa: F401

_checked = set()


def _check(fmt):
    if fmt in _checked:
        return
    text = fmt.decode() if isinstance(fmt, (bytes, bytearray)) else fmt
    body = text.rstrip()
    if body and body[-1].isdigit():
        raise error("bad char in struct format")
    if len(_checked) < 256:
        _checked.add(fmt)


def calcsize(fmt):
    _check(fmt)
    return _struct.calcsize(fmt)


def pack(fmt, *values):
    _check(fmt)
    return _struct.pack(fmt, *values)


def pack_into(fmt, buffer, offset, *values):
    _check(fmt)
    return _struct.pack_into(fmt, buffer, offset, *values)


def unpack(fmt, buffer):
    _check(fmt)
    return _struct.unpack(fmt, buffer)


def unpack_from(fmt, buffer, offset=0):
    _check(fmt)
    return _struct.unpack_from(fmt, buffer, offset)


def iter_unpack(fmt, buffer):
    _check(fmt)
    return _struct.iter_unpack(fmt, buffer)


# The class itself (it cannot be subclassed, and isinstance checks need
# it), so `Struct('1')` keeps RustPython's leniency.
Struct = _Struct
