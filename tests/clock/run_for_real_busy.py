# pinloop: --run-for 0.2
# On the real clock --run-for also stops busy code, once the program has
# waited for the first time (until then top-level code always runs, as on
# the virtual clock).
import time

print("spinning")
time.sleep_ms(1)
while True:
    pass
