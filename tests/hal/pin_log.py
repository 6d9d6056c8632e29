# pinloop: --clock virtual --pin-log - --wire OUT=IN
# --pin-log -: a line per output change (outputs only, LEDs by number), in
# order with what the script prints, on the virtual clock.
import pyb
import time
from machine import Pin

led = pyb.LED(2)
out = Pin("OUT", Pin.OUT, value=0)
inp = Pin("IN", Pin.IN)
print("start")
led.on()
time.sleep_ms(500)
out.on()
out.on()
print("input follows:", inp.value())
time.sleep_ms(250)
led.toggle()
out.off()
print("end")
