# gc with MicroPython's mem_alloc, mem_free and threshold.
import gc

before = gc.mem_alloc()
block = bytearray(4 * 1024 * 1024)
after = gc.mem_alloc()
print("mem_alloc grows with a 4 MiB buffer:", after - before >= 4 * 1024 * 1024)
del block
print("mem_free is positive:", gc.mem_free() > 0)
print(gc.threshold())
gc.threshold(4096)
print(gc.threshold())
gc.threshold(-1)
print(gc.threshold())
gc.collect()
print(gc.isenabled())
