# Harness for the CircuitPython guide's "Two LEDs" example without asyncio
# (circuitpython_blinker.py, repaired only where its text extraction broke
# it). It polls time.monotonic() in a busy loop, which on the virtual clock
# would never see time pass (busy code takes no virtual time), so it runs on
# the real clock and its pin log is checked with tolerances: D1 changes 20
# times 0.25 s apart, D2 40 times 0.1 s apart, both from the start.
import os

with open("circuitpython_blinker.py") as source:
    exec(source.read(), {"__name__": "__main__"})

changes = {}
with open("blinker_pins.log") as log:
    for line in log:
        seconds, pin, _ = line.split()
        changes.setdefault(pin, []).append(float(seconds))
os.remove("blinker_pins.log")

for pin, interval, count in (("D1", 0.25, 20), ("D2", 0.1, 40)):
    times = changes.get(pin, [])
    gaps = [b - a for a, b in zip(times, times[1:])]
    # Each change is logged a moment after the example's own clock reading.
    # (Wide upper bound: a loaded machine may preempt the busy loop.)
    steady = all(interval - 0.01 <= gap < interval + 0.15 for gap in gaps)
    print(pin, len(times), "changes, every", interval, "s:", steady)
