# MicroPython resolves a relative __import__ that passes no globals against
# the calling module, and a fromlist of True asks for the leaf module.
import sys
from lazypkg import Blink, Beat

print(Blink.__module__, Beat.__module__, issubclass(Beat, Blink))
print("lazypkg.blink" in sys.modules, "lazypkg.beat" in sys.modules)
import lazypkg

print(lazypkg.__getattr__("Blink") is Blink)
# A package as the leaf, fromlist True: the leaf, nothing else imported.
import lazypkg.blink as _blink

sub = __import__("lazypkg.sub", None, None, True, 0)
print(sub.__name__, sub.LEVEL)
print(__import__("lazypkg.blink", None, None, True).__name__)
print(__import__("lazypkg.blink", None, None, False).__name__)
# Keyword arguments and an explicit globals still work as CPython's.
print(__import__("blink", globals=vars(lazypkg), fromlist=["Blink"], level=1).__name__)
# A relative import at the top level has no package to resolve against.
try:
    __import__("blink", None, None, True, 1)
except ImportError as exc:
    print(type(exc).__name__, exc)
try:
    lazypkg.Missing
except AttributeError as exc:
    print("AttributeError", exc)
