# Helper for relative_import_no_globals.py: a package whose names load on
# first use, through a relative __import__ that passes no globals (the way
# MicroPython packages written for boards do it).
_where = {"Blink": "blink", "Beat": "beat"}


def __getattr__(name):
    module = _where.get(name)
    if module is None:
        raise AttributeError(name)
    value = getattr(__import__(module, None, None, True, 1), name)
    globals()[name] = value
    return value
