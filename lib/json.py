"""`json`: CPython's package (RustPython's frozen copy, loaded from here
and re-exported), where `dumps` and `dump` write bytes and bytearrays as
strings, as MicroPython's json does (`json.dumps(b"1234")` is `'"1234"'`;
CPython raises TypeError). A `default=` given by the caller still wins."""

import _pinloop_cpython

_cpython = _pinloop_cpython.load("json", globals())
del _pinloop_cpython
__path__ = _cpython.__path__


def _bytes_as_text(value):
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode()
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def dumps(obj, *args, **kwargs):
    kwargs.setdefault("default", _bytes_as_text)
    return _cpython.dumps(obj, *args, **kwargs)


def dump(obj, fp, *args, **kwargs):
    kwargs.setdefault("default", _bytes_as_text)
    return _cpython.dump(obj, fp, *args, **kwargs)
