# pinloop: --clock virtual --board pulse_board.toml
# machine.time_pulse_us on the virtual clock: the length of a pulse the
# board makes (an ultrasonic sensor's echo), -2 when none starts within the
# timeout, -1 when one does not end within it.
import time
from machine import Pin, time_pulse_us

echo = Pin("X5", Pin.IN)
t0 = time.ticks_us()
print("echo pulse:", time_pulse_us(echo, 1, 500_000), "us")
print("started after", time.ticks_diff(time.ticks_us(), t0) // 1000, "ms")
print("no pulse:", time_pulse_us(echo, 1, 10_000))
time.sleep_ms(100)
print("held high:", time_pulse_us(Pin("X6", Pin.IN), 1, 50_000))
print("low pulse on a held-high pin:", time_pulse_us(Pin("X6", Pin.IN), 0, 1_000))
