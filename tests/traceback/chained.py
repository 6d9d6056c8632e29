# MicroPython prints only the exception that escaped, not its context.
try:
    1 / 0
except ZeroDivisionError:
    raise RuntimeError("while handling it")
