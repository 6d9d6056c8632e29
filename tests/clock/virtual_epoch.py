# pinloop: --clock virtual
# The virtual clock starts at 2000-01-01 00:00:00 UTC, as a board counts,
# and localtime/gmtime move with it; mktime takes MicroPython's 8-tuple.
import time

print(time.time(), time.gmtime()[:6])
time.sleep(3661)
print(time.time(), time.gmtime()[:6], time.localtime()[:6] == time.localtime(time.time())[:6])
print(time.mktime((2000, 1, 1, 1, 1, 1, 5, 1)) - time.mktime((2000, 1, 1, 0, 0, 0, 5, 1, 0)))
for bad in [(2000, 1, 1), "2000"]:
    try:
        time.mktime(bad)
    except TypeError as e:
        print("TypeError:", e)
