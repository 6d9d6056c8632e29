# pinloop: --board rp2
# An RP2040's alternate functions: Pin.ALT with alt= one of its function
# numbers (ALT_UART, ALT_SPI, ...); no ANALOG mode or drive constants.
from machine import Pin

p = Pin(0, Pin.ALT, alt=Pin.ALT_UART)
print(p.mode() == Pin.ALT, Pin.ALT_SPI, Pin.ALT_UART, Pin.ALT_I2C, Pin.ALT_PWM, Pin.ALT_SIO)
print([n for n in ("ANALOG", "ALT_OPEN_DRAIN", "DRIVE_0", "IRQ_HIGH_LEVEL") if hasattr(Pin, n)])
p.init(Pin.IN, Pin.PULL_UP)
print(p.mode() == Pin.IN, p.value())
