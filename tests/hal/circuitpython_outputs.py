# pinloop: --clock virtual --board circuitpython --pin-log -
# CircuitPython's pwmio (PWMOut over machine.PWM: the pin log's pwm lines),
# analogio (AnalogOut's DAC read back by AnalogIn on the same pin, 16-bit
# values, 3.3 V reference) and neopixel_write (a frame in the pin log,
# taking its bits' time), with deinit and the frequency rule.
import time
import board, digitalio, pwmio, analogio, neopixel_write

led = pwmio.PWMOut(board.D5, frequency=1000, duty_cycle=32768)
print("pwm", led.frequency, led.duty_cycle)
led.duty_cycle = 16384
try:
    led.frequency = 2000
except AttributeError as e:
    print("AttributeError", e)
var = pwmio.PWMOut(board.D6, frequency=50, variable_frequency=True)
var.frequency = 100
var.deinit()
try:
    var.duty_cycle
except ValueError as e:
    print("ValueError", e)

out = analogio.AnalogOut(board.A0)
out.value = 49152
ain = analogio.AnalogIn(board.A0)
print("analog", ain.value, ain.reference_voltage, round(ain.value * ain.reference_voltage / 65535, 2))
with analogio.AnalogIn(board.A1) as a1:
    print("A1", a1.value)

pin = digitalio.DigitalInOut(board.D2)
pin.direction = digitalio.Direction.OUTPUT
t0 = time.monotonic_ns()
neopixel_write.neopixel_write(pin, bytearray([0, 255, 0, 32, 0, 0]))
print("frame took us", (time.monotonic_ns() - t0) // 1000)
