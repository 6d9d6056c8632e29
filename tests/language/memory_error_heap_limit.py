# pinloop: -X heapsize=24m
# Past the heap limit (-X heapsize) MemoryError is raised at the next
# instruction; once the program lets go, it runs on and can fill it again.
def fill():
    held = []
    try:
        while True:
            held.append([1, 2, 3, 4])
    except MemoryError as e:
        count = len(held)
        held = None
        return count, str(e)

first, message = fill()
print(first > 10000, message)
second, _ = fill()
print(abs(second - first) < first // 10)
big = []
try:
    for i in range(1000):
        big.append(bytearray(1 << 20))
except MemoryError as e:
    print("bytearrays:", 10 < len(big) < 24, e)
big = None
print("done")
