# pinloop-env: TZ=UTC
# os.putenv and os.environ of TZ move time.localtime at once (MicroPython's unix port); time.tzset as CPython's
import os, time
print(time.localtime(0)[:4])
os.putenv("TZ", "UTC+3")
print(time.localtime(0)[:4])
os.environ["TZ"] = "UTC-5"
print(time.localtime(0)[:4])
os.environ["TZ"] = "UTC"
print(time.localtime(0)[:4])
os.environ["TZ"] = "UTC+1"; time.tzset(); print(time.localtime(0)[3], time.mktime((1970, 1, 1, 0, 0, 0, 3, 1, 0)))
