# pinloop: --clock virtual
# APIs of real ports that scripts use: Timer.init(hard=...) (rp2, esp32)
# and io.BytesIO(n), MicroPython's preallocating form (it starts empty).
import io
import time
from machine import Timer

fired = []
for hard in (True, False):
    Timer(-1).init(period=10, mode=Timer.ONE_SHOT, hard=hard, callback=lambda t, h=hard: fired.append(h))
time.sleep_ms(20)
print("fired:", fired)

buffer = io.BytesIO(16)
print(buffer.getvalue(), buffer.write(b"abc"), buffer.getvalue())
print(io.BytesIO(b"xy").read(), io.BytesIO().getvalue())
