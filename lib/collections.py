"""`collections`: CPython's package (RustPython's frozen copy, loaded from
here, `collections.abc` importable as usual), with OrderedDict's repr as
MicroPython's: `OrderedDict({})` when empty, as it is when not."""

import _frozen_importlib as _bootstrap
import sys as _sys


def _load_cpython_collections():
    spec = _bootstrap.FrozenImporter.find_spec("collections")
    module = _bootstrap.module_from_spec(spec)
    # The import system hands out what sys.modules holds once this module
    # has run: the package itself.
    _sys.modules["collections"] = module
    spec.loader.exec_module(module)
    return module


_collections = _load_cpython_collections()
_ordered_repr = _collections.OrderedDict.__repr__


def _repr(self):
    if not self:
        return "%s({})" % (self.__class__.__name__,)
    return _ordered_repr(self)


_collections.OrderedDict.__repr__ = _repr
