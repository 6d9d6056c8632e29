# pinloop: --board pyboard
# The Pyboard's alternate and analog pin modes (Pin.ALT, ALT_OPEN_DRAIN,
# ANALOG, pyb's AF_PP/AF_OD): the GPIO lets go of the pin (a pull decides
# its level) and mode() reads the function back; a GPIO mode takes it
# back. Constants of other ports are absent.
from machine import Pin
import pyb

p = Pin("X1", Pin.OUT, value=1)
print("out", p.mode() == Pin.OUT, p.value())
p.init(Pin.ALT, Pin.PULL_DOWN, alt=1)
print("alt", p.mode() == Pin.ALT, p.value())
p.init(mode=Pin.ANALOG)
print("analog", p.mode() == Pin.ANALOG, p.pull() == Pin.PULL_DOWN)
q = pyb.Pin("X2", pyb.Pin.AF_OD, pull=pyb.Pin.PULL_UP)
print("af_od", q.mode() == Pin.ALT_OPEN_DRAIN, q.value())
p.mode(Pin.OUT)
print("out again", p.mode() == Pin.OUT, p.value())
print([n for n in ("DRIVE_0", "WAKE_LOW", "ALT_UART", "IRQ_LOW_LEVEL") if hasattr(Pin, n)])
try:
    Pin("X3", 9)
except ValueError as e:
    print("ValueError", e)
