# time.ticks_*: MicroPython's wrap-around arithmetic with the board period
# 2**30, checked with explicit values; utime is the same module.
import time
import utime

P = 1 << 30
print(utime is time)
print(time.ticks_add(P - 1, 2), time.ticks_add(1, -2) == P - 1)
print(time.ticks_diff(1, P - 1), time.ticks_diff(P - 1, 1))
print(time.ticks_diff(time.ticks_add(123, P // 2 - 1), 123) == P // 2 - 1)
print(time.ticks_diff(P // 2, 0))
for delta in (P // 2, -(P // 2), 1 << 100):
    try:
        time.ticks_add(0, delta)
    except OverflowError as exc:
        print("OverflowError:", exc)
try:
    time.ticks_add("0", 1)
except TypeError:
    print("TypeError for a str")

# Real clock: only tolerances.
start_ms, start_us = time.ticks_ms(), time.ticks_us()
time.sleep_ms(30)
elapsed = time.ticks_diff(time.ticks_ms(), start_ms)
print("sleep_ms(30):", 30 <= elapsed < 2000)
start = time.ticks_us()
time.sleep_us(2000)
print("sleep_us(2000):", 2000 <= time.ticks_diff(time.ticks_us(), start) < 2000000)
t0 = time.ticks_cpu()
print("ticks_cpu moves:", time.ticks_diff(time.ticks_cpu(), t0) >= 0)
start = time.ticks_ms()
time.sleep_ms(-5)
time.sleep(0)
print("negative sleep_ms returns at once:", time.ticks_diff(time.ticks_ms(), start) < 1000)
try:
    time.sleep(-1)
except ValueError as exc:
    print("ValueError:", exc)
print(all(0 <= t < P for t in (time.ticks_ms(), time.ticks_us(), time.ticks_cpu())))
