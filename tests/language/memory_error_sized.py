# MemoryError, catchable, where the size is known before allocating: the
# constructors, repetition, join, ** and <<; the program goes on.
cases = [
    "bytearray(10**11)",
    "bytes(10**11)",
    "[0] * 10**12",
    "(0,) * 10**12",
    "'a' * 10**11",
    "b'ab' * 10**11",
    "bytearray(b'x') * 10**11",
    "2 ** (10**12)",
    "1 << 10**12",
    "','.join(['x' * 10**6] * 10**5)",
]
for expr in cases:
    try:
        eval(expr)
        print(expr, "made")
    except MemoryError as e:
        print(expr, "->", type(e).__name__, e)
grow = [0]
try:
    grow *= 10**12
except MemoryError:
    print("*= -> MemoryError, list kept:", grow)
print(len(bytearray(1000)), len([0] * 1000), 2 ** 100)
