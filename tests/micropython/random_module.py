# random with MicroPython's functions; urandom is the same module. Values
# depend on the generator, so only ranges and reproducibility are checked.
import random
import urandom


def sample():
    return (
        random.getrandbits(32),
        random.randint(1, 6),
        random.randrange(10),
        random.randrange(10, 20, 5),
        random.choice("abc"),
        random.random(),
        random.uniform(-1, 1),
    )


random.seed(42)
first = sample()
random.seed(42)
print("same seed, same values:", sample() == first)
bits, die, below, stepped, letter, unit, between = first
print(0 <= bits < 2**32, 1 <= die <= 6, 0 <= below < 10, stepped in (10, 15))
print(letter in "abc", 0 <= unit < 1, -1 <= between <= 1)
print(urandom is random, all(0 <= random.getrandbits(8) < 256 for _ in range(100)))
random.seed()
try:
    random.choice([])
except IndexError:
    print("IndexError for an empty sequence")
try:
    random.randrange(0)
except ValueError:
    print("ValueError for an empty range")
