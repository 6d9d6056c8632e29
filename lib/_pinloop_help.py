"""`help()`, `help(obj)` and `help('modules')` as MicroPython prints them:
the welcome text with the REPL's control keys, an object's type and its
members (`  name -- value`), and the modules pinloop has in MicroPython's
four columns."""

import sys

import _pinloop

TEXT = """Welcome to MicroPython! (pinloop: MicroPython-compatible, off the board)

For online docs please visit http://docs.micropython.org/
For pinloop, see its README (pinloop --help for the command line).

Control commands:
  CTRL-A        -- on a blank line, enter raw REPL mode
  CTRL-B        -- on a blank line, enter normal REPL mode
  CTRL-C        -- interrupt a running program
  CTRL-D        -- on a blank line, exit or do a soft reset
  CTRL-E        -- on a blank line, enter paste mode

For further help on a specific object, type help(obj)
For a list of available modules, type help('modules')
"""

_COLUMNS = 4
_WIDTH = 18


def _short(value):
    # MicroPython's print of a function or method names no address.
    if callable(value) and not isinstance(value, type):
        kind = type(value).__name__
        if kind in ("classmethod", "staticmethod"):
            return "<%s>" % kind
        return "<function>"
    if isinstance(value, (classmethod, staticmethod)):
        return "<%s>" % type(value).__name__
    return str(value)


def _modules():
    frozen = (name for name in _pinloop.frozen_modules() if "." not in name)
    names = set(sys.builtin_module_names) | set(frozen)
    names = sorted(name for name in names if not name.startswith("_"))
    rows = (len(names) + _COLUMNS - 1) // _COLUMNS
    for row in range(rows):
        line = ""
        for column in range(_COLUMNS):
            at = row + column * rows
            if at >= len(names):
                break
            cell = names[at]
            if at + rows < len(names):
                gap = _WIDTH - len(cell)
                while gap < 1:
                    gap += _WIDTH
                cell += " " * gap
            line += cell
        print(line)
    print("Plus any modules on the filesystem")


def help(obj=None):
    if obj is None:
        print(TEXT, end="")
        return
    if obj == "modules":
        _modules()
        return
    print("object %s is of type %s" % (_short(obj), type(obj).__name__))
    if type(obj).__name__ == "module":
        members = [(k, v) for k, v in vars(obj).items() if k == "__name__" or not k.startswith("_")]
    else:
        cls = obj if isinstance(obj, type) else type(obj)
        members = [(k, v) for k, v in vars(cls).items() if not k.startswith("__")]
    for name, value in members:
        print("  %s -- %s" % (name, _short(value)))
