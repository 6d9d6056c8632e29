# pinloop: --board esp32
# machine.freq() on an ESP32 starts at 160 MHz and takes only the chip's
# clocks (20, 40, 80, 160, 240 MHz).
import machine

print(machine.freq())
machine.freq(240_000_000)
print(machine.freq())
try:
    machine.freq(100_000_000)
except ValueError as e:
    print("ValueError", e)
