# Run by `pinloop -m main_pkg`.
import sys
print("package main:", __name__, sys.argv[0])
