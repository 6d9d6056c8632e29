# pinloop: --seed 7
# --seed N: random and os.urandom draw the same every run.
import os
import random

print(random.randint(0, 10**6), random.random(), os.urandom(8).hex())
random.seed(7)
print(random.randint(0, 10**6))
