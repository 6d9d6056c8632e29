# docs/devices.md's worked example, as printed there.
import machine
from pinloop.devices import RegisterDevice, drive

class Thermo(RegisterDevice):
    ready_pin = "X3"                         # wired to the chip's DRDY

    def __init__(self):
        super().__init__()
        self.registers[0x0F] = 0xBC          # WHO_AM_I
        self.celsius = 21.0
        self.timer = machine.Timer(-1)
        drive(self.ready_pin, 0)

    def write_register(self, register, value):
        if register == 0x20 and value & 1:   # CTRL: convert, 10 ms
            drive(self.ready_pin, 0)
            self.timer.init(mode=machine.Timer.ONE_SHOT, period=10,
                            callback=lambda t: drive(self.ready_pin, 1))
        super().write_register(register, value)

    def read_register(self, register):
        if register == 0x28:                 # the result, 0.5 C steps
            return int(self.celsius * 2) & 0xFF
        return super().read_register(register)
