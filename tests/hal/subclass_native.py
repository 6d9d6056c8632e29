# Python subclasses of machine and pyb classes: the constructor's
# arguments go to the native class, methods added and inherited.
from machine import Pin, Timer
import pyb

class Led(Pin):
    def toggle_twice(self):
        self.toggle()
        self.toggle()

class Red(pyb.LED):
    def shine(self):
        self.on()
        return "shining"

led = Led("X1", Pin.OUT, value=0)
led.toggle_twice()
print("pin", led.value(), isinstance(led, Pin))
red = Red(1)
print("led", red.shine(), type(red).__name__, isinstance(red, pyb.LED))
class T(Timer):
    pass
t = T(-1)
print(type(t).__name__, isinstance(t, Timer))
