# pinloop: --clock virtual --board storm_board.toml
# An IRQ storm: 100,000 edges from the board's timeline, as fast as it
# makes them (10 us apart). Every edge calls the hard handler once; nothing
# is lost and the heap does not grow with the number of edges.
import gc
import time
from machine import Pin

calls = 0
rising = 0

def handler(pin):
    global calls, rising
    calls += 1
    if pin.value():
        rising += 1

p1 = Pin("P1", Pin.IN)
p1.irq(handler, Pin.IRQ_RISING | Pin.IRQ_FALLING, hard=True)

time.sleep_ms(101)  # the first 10,000 edges
gc.collect()
before = gc.mem_alloc()
print("after 10,000 edges:", calls, "handler calls")
time.sleep_ms(1000)
gc.collect()
growth = gc.mem_alloc() - before
print("after the storm:", calls, "handler calls,", rising, "rising")
print("heap flat:", growth < 64 * 1024)
