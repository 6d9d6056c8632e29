# pinloop: --clock virtual
# Virtual time: sleeps move the clock instead of waiting, and time stands
# still while code runs.
import time

real_start = time.perf_counter()
t0 = time.ticks_ms()
print(time.monotonic(), time.ticks_us())
time.sleep(10)
print(time.ticks_diff(time.ticks_ms(), t0), time.monotonic())
time.sleep_ms(250)
time.sleep_us(1500)
print(time.ticks_us(), time.monotonic_ns())
before = time.ticks_us()
for _ in range(10000):
    pass
print("busy code takes no virtual time:", time.ticks_us() == before)
wall = time.time()
time.sleep(60)
print("time.time moved by", round(time.time() - wall))
print("ten seconds and more took under one real second:", time.perf_counter() - real_start < 1)
