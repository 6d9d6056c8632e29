# help() as MicroPython's: the welcome text, an object's type and members, the modules.
import io
import sys

help()


class Sensor:
    rate = 10

    def read(self):
        return 1


help(Sensor)
help(Sensor())
help(print)
out, sys.stdout = sys.stdout, io.StringIO()
help("modules")
listing, sys.stdout = sys.stdout.getvalue(), out
print("asyncio" in listing, "machine" in listing, listing.splitlines()[-1])
