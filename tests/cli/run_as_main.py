# Helper for module_option.py: run with -m.
import sys
print(__name__, sys.argv)
