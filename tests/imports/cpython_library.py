# CPython's pure-Python library is frozen in, but only loaded on import.
import sys

print("json" in sys.modules, "collections" in sys.modules)
import json
from collections import namedtuple

Reading = namedtuple("Reading", "pin value")
print(json.dumps({"readings": [list(Reading("X1", 1))]}))
print("json" in sys.modules)
