# Runs first at every start, as on a board.
import sys

print("boot.py: running on", sys.platform)
