# Harness for the section 7.2 fragment (tutorial_s7_2_line1701.py, unchanged),
# which defines test() without calling it.
import time

from tutorial_s7_2_line1701 import test

test()
print("test() ran main() for", time.ticks_ms(), "ms and cleared the retained state")
