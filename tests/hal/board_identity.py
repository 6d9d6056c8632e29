# pinloop: --board pyboard
# A board file names what sys.platform and sys.implementation._machine say
# (packages branch on them: threadsafe.Message refuses a "linux" build).
import sys

print(sys.platform)
print(sys.implementation._machine)
print("linux" in sys.implementation._machine)
