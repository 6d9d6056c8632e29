# Timers that cannot keep up do not replay every missed period: missed
# periods fold into one call, as a hardware timer's one pending flag does,
# and the interrupted code keeps running. Real clock: only bounds are
# checked (1000 timers at 1 kHz, each callback slower than its period).
import time
from machine import Timer

calls = [0]


def slow(timer):
    calls[0] += 1
    for _ in range(100):
        pass


timers = [Timer(-1) for _ in range(1000)]
for timer in timers:
    timer.init(period=1, mode=Timer.PERIODIC, callback=slow)
start = time.ticks_ms()
time.sleep(0.3)
slept = time.ticks_diff(time.ticks_ms(), start)
for timer in timers:
    timer.deinit()
print("the sleep ended within 1.5 s:", slept < 1500)
print("at most one call per timer per period:", calls[0] <= 1000 * (slept + 2))
print("the callbacks ran:", calls[0] >= 1000)
n = 0
start = time.ticks_ms()
timers = [Timer(-1) for _ in range(300)]
for timer in timers:
    timer.init(period=1, mode=Timer.PERIODIC, callback=slow)
while time.ticks_diff(time.ticks_ms(), start) < 200:
    n += 1
for timer in timers:
    timer.deinit()
print("busy code ran meanwhile:", n > 1000)
