# pinloop: --clock virtual --pin-log -
# machine.PWM: freq, duty_u16, duty_ns, init, deinit, invert; each change
# of the output is a pin-log line; a second PWM on the pin is the same
# output; bad values are ValueErrors that say the range.
import time

from machine import PWM, Pin

led = PWM(Pin("X1"), freq=1000, duty_u16=32768)
print(led, led.freq(), led.duty_u16(), led.duty_ns())
time.sleep_ms(250)
led.duty_u16(16384)
time.sleep_ms(250)
led.freq(2000)
led.duty_ns(100_000)
print("duty_u16 for 100 us at 2 kHz:", led.duty_u16())
led.init(freq=50, duty_u16=65535)
same = PWM("X1")
print("same output:", same.freq(), same.duty_u16())
time.sleep_ms(100)
led.deinit()
print(led)
dim = PWM(Pin("X2"), freq=500, duty_u16=6553, invert=True)
print(dim)
for bad in (
    lambda: PWM(Pin("X3"), freq=0),
    lambda: led.duty_u16(70000),
    lambda: led.duty_ns(-1),
    lambda: PWM(Pin("X3"), duty_u16=1, duty_ns=1),
):
    try:
        bad()
    except ValueError as exc:
        print("ValueError:", exc)
