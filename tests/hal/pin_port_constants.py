# pinloop: --board esp32
# An ESP32's pin constants: drive strengths and wake levels, no alternate
# modes; drive= is taken.
from machine import Pin

print([Pin.DRIVE_0, Pin.DRIVE_1, Pin.DRIVE_2, Pin.DRIVE_3], Pin.WAKE_LOW, Pin.WAKE_HIGH)
print([n for n in ("ALT", "ALT_OPEN_DRAIN", "ANALOG", "IRQ_LOW_LEVEL") if hasattr(Pin, n)])
p = Pin(4, Pin.OUT, drive=Pin.DRIVE_3, value=1)
print(p.value(), p.mode() == Pin.OUT)
