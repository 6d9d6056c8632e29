"""`json`: CPython's package (RustPython's frozen copy, loaded from here
and re-exported), where `dumps` and `dump` write bytes and bytearrays as
strings, as MicroPython's json does (`json.dumps(b"1234")` is `'"1234"'`;
CPython raises TypeError). A `default=` given by the caller still wins."""

import _frozen_importlib as _bootstrap


def _load_cpython_json():
    import sys

    spec = _bootstrap.FrozenImporter.find_spec("json")
    module = _bootstrap.module_from_spec(spec)
    # Its submodules (json.decoder, json.encoder) import the package by
    # name: it must be the copy while it runs.
    this = sys.modules["json"]
    sys.modules["json"] = module
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules["json"] = this
    return module


_cpython = _load_cpython_json()
_SKIP = ("__name__", "__spec__", "__loader__", "__file__", "__builtins__", "__doc__", "__package__")
globals().update({name: value for name, value in vars(_cpython).items() if name not in _SKIP})
del _load_cpython_json, _SKIP, _bootstrap
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
