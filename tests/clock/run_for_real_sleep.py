# pinloop: --run-for 0.2
import time

print("sleeping")
time.sleep(30)
print("not reached")
