# stdout and stderr keep the order they were written in.
import sys
print("one")
sys.stderr.write("two\n")
print("three")
raise ValueError("four")
