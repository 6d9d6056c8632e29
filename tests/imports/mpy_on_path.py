# A .mpy (compiled MicroPython bytecode) on the path: pinloop runs source
# only, and the error says which .py to put there.
try:
    import compiled_driver
except ImportError as exc:
    print("ImportError:", exc)
