# pinloop: --board pyboard
# machine.freq() on a Pyboard reads (SYSCLK, HCLK, PCLK1, PCLK2) from its
# 168 MHz; freq(hz) sets SYSCLK, up to 168 MHz.
import machine

print(machine.freq())
machine.freq(84_000_000)
print(machine.freq())
try:
    machine.freq(240_000_000)
except ValueError as e:
    print("ValueError", e)
