# pinloop-env: PINLOOP_TICKS_BITS=8
# A small ticks period forces a wrap: ticks_us wraps every 256 us, and
# ticks_diff still measures a sleep across it.
import time

P = 1 << 8
print(time.ticks_add(P - 1, 1), time.ticks_diff(0, P - 1))
start = time.ticks_ms()
wrapped = False
last = time.ticks_us()
for _ in range(2000):
    now = time.ticks_us()
    if now < last:
        wrapped = True
    last = now
    if wrapped:
        break
    time.sleep_us(10)
print("ticks_us wrapped:", wrapped)
a = time.ticks_ms()
time.sleep_ms(50)
b = time.ticks_ms()
print("diff across the period:", 50 <= time.ticks_diff(b, a) < P // 2)
print("in range:", 0 <= a < P and 0 <= b < P)
