# sys.exit() in a scheduled callback ends the program with its status, as
# it would anywhere else; output written before it is kept.
import micropython
import sys


def stop(code):
    print("stopping with", code)
    sys.exit(code)


micropython.schedule(stop, 3)
while True:
    pass
