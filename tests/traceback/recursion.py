# Runaway recursion is a RecursionError, not a crash; repeats are folded.
def dive(depth):
    return dive(depth + 1)


dive(0)
