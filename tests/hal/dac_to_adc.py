# pinloop: --board pyboard --wire X5=X19
# pyb.DAC drives its pin's net; an ADC on the same net reads it
# (micropython-async's adctest wires DAC 1 to an ADC pin this way).
import pyb

dac = pyb.DAC(1)
adc = pyb.ADC(pyb.Pin.board.X19)
for value in (0, 64, 128, 255):
    dac.write(value)
    print(value, adc.read())
wide = pyb.DAC(2, bits=12)
wide.write(2048)
print("12 bits:", pyb.ADC("X6").read())
dac.deinit()
print("released:", adc.read())
for bad in (lambda: dac.write(256), lambda: pyb.DAC(3), lambda: pyb.DAC(1, bits=10)):
    try:
        bad()
    except ValueError as exc:
        print("ValueError:", exc)
