"""Loads CPython's copy of a module from RustPython's frozen library, for a
module of ours of the same name (io, socket, json, heapq) that re-exports
it with MicroPython's changes. While the copy runs, sys.modules[name] is
the copy: CPython's code finds itself there (socket's enums are built from
it, json's submodules import the package by name)."""

import sys

import _frozen_importlib as _bootstrap

_SKIP = ("__name__", "__spec__", "__loader__", "__file__", "__builtins__", "__doc__", "__package__")


def load(name, into):
    """CPython's module `name`, its public names copied into the dict `into`."""
    spec = _bootstrap.FrozenImporter.find_spec(name)
    module = _bootstrap.module_from_spec(spec)
    ours = sys.modules.get(name)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        if ours is None:
            del sys.modules[name]
        else:
            sys.modules[name] = ours
    into.update({key: value for key, value in vars(module).items() if key not in _SKIP})
    return module
