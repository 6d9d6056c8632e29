# A folder without __init__.py imports as a package, as in MicroPython.
from nsdir.leaf import LEAF
import nsdir

print(LEAF)
print(nsdir.__path__)
