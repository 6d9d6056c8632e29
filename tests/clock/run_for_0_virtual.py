# pinloop: --clock virtual --run-for 0
# Top-level code always runs to its first wait, however long start-up took;
# nothing due after the limit runs.
import time

print("top-level code runs")
for i in range(100000):
    pass
print("still before the first wait")
time.sleep_ms(2)
print("not reached: the sleep ends after the limit")
