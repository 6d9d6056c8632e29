# MicroPython's exc.value: the first argument, or None.
try:
    raise ValueError(5, 6)
except ValueError as exc:
    print(exc.value)
print(KeyError().value, OSError(2, "gone").value, StopIteration(9).value)


class Reading(Exception):
    def __init__(self, value):
        super().__init__(value)
        self.value = value * 2  # a class's own attribute wins


print(Reading(21).value)


def gen():
    yield 1
    return "returned"


g = gen()
next(g)
try:
    next(g)
except StopIteration as stop:
    print(stop.value)
print("value" in dir(ValueError()))
