# pinloop-env: PINLOOP_CLOCK=virtual
import time

time.sleep(3600)
print(time.ticks_ms())
