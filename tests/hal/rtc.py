# pinloop: --clock virtual
# pinloop-env: TZ=UTC
# machine.RTC on the active clock: it reads what time.localtime reads, and
# setting it moves time.time() as on a board.
import time

import machine

rtc = machine.RTC()
print(rtc, rtc.datetime())
rtc.datetime((2025, 3, 4, 0, 13, 14, 15, 500))
print(rtc.datetime(), time.localtime()[:6], int(time.time()))
time.sleep(2)
print(rtc.datetime()[:7])
rtc.init((2030, 1, 1, 0, 0, 0, 0, 0))
print(time.gmtime()[:6])
try:
    rtc.datetime((1, 2))
except TypeError as e:
    print("TypeError:", e)
