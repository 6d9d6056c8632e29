# Without --board, pinloop is the unix port: sys.platform is the host's.
import sys

print(sys.platform)
print("linux" in sys.implementation._machine, sys.implementation._machine.startswith("pinloop "))
