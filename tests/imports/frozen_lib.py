# Modules frozen from lib/ import through the same finder, from '.frozen'.
import sys

print(sys.path[-1])
import pinloop

print(pinloop.__name__, pinloop.__file__)
print("pinloop" in pinloop.frozen_modules())
print(len(pinloop.version_info), pinloop.version.count("."))
