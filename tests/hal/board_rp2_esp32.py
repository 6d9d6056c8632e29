# pinloop: --board rp2
# The Pico W board: Pin(n) is GPn, Pin("LED"), UART0 on GP0/GP1, and the
# platform names drivers branch on.
import sys
from machine import Pin, UART

led = Pin("LED", Pin.OUT)
led.toggle()
print(led, led.value(), Pin(25, Pin.OUT))
print(UART(0, 9600))
print(sys.platform, sys.implementation._machine)
try:
    Pin(29)
except ValueError as exc:
    print("ValueError:", str(exc)[:40])
