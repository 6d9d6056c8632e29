# sys as MicroPython scripts see it.
import sys
import io

print(sys.implementation.name, sys.implementation.version)
print(sys.implementation._machine.startswith("pinloop "))
print("pinloop" in sys.version, sys.version.split()[0] == "%d.%d.%d" % sys.version_info[:3])


def fail():
    raise ValueError("bad value", 3)


try:
    fail()
except ValueError as exc:
    sys.print_exception(exc)
    buffer = io.StringIO()
    sys.print_exception(exc, buffer)
    print(buffer.getvalue().splitlines()[-1])
    sys.print_exception(exc, None)
try:
    sys.print_exception("not an exception")
except TypeError as exc:
    print("TypeError:", exc)
# An exception never raised has no traceback lines.
sys.print_exception(KeyError("k"))

import usys

print(usys is sys)
