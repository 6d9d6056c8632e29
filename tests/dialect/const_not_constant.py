from micropython import const

LIMIT = const(10)
TOTAL = const(len("ab"))
