# The script's folder as written ('' here), then MICROPYPATH, then .frozen.
import sys

print(sys.path)
