# A Pin id is a name (or alias) or a number from 0 to 65535; anything else
# says what is accepted.
from machine import Pin

for pin_id in (5, True, "X1", 65535):
    print(Pin(pin_id))
for pin_id in (-1, 65536, 10**30, -(10**30)):
    try:
        Pin(pin_id)
    except ValueError as exc:
        print("ValueError:", exc)
for pin_id in (1.5, None, b"X1"):
    try:
        Pin(pin_id)
    except TypeError as exc:
        print("TypeError:", exc)
