# pinloop: --clock virtual
# pinloop.devices.RegisterDevice: a pointer set by the first bytes of a
# write, registers written and read from it, moving on and wrapping; a
# subclass overrides what a register does. Attached from the script to a
# SoftI2C on any two pins of the default board.
from machine import Pin, SoftI2C

import pinloop
from pinloop.devices import RegisterDevice


class Eeprom(RegisterDevice):
    # 16-bit addresses, 1 KiB.
    pointer_bytes = 2
    size = 1024


class Sensor(RegisterDevice):
    # Register 0 is an ID, register 1 counts its reads, 2 is writable.
    def __init__(self):
        super().__init__()
        self.registers[0] = 0x5A
        self.reads = 0

    def read_register(self, register):
        if register == 1:
            self.reads += 1
            return self.reads
        return super().read_register(register)

    def write_register(self, register, value):
        if register == 2:
            super().write_register(register, value)


bus = SoftI2C(scl=Pin("P1"), sda=Pin("P2"))
eeprom = Eeprom()
pinloop.attach(bus, eeprom, 0x50)
pinloop.attach(bus, Sensor(), 0x68)
print([hex(a) for a in bus.scan()])

bus.writeto_mem(0x50, 0x0100, b"hello", addrsize=16)
print(bus.readfrom_mem(0x50, 0x0100, 5, addrsize=16))
print(bytes(eeprom.registers[0x100:0x105]), eeprom.pointer)
# Sequential read from where the pointer is.
bus.writeto(0x50, b"\x01\x01")
print(bus.readfrom(0x50, 3))
# The pointer wraps at the end.
bus.writeto_mem(0x50, 1022, b"xyz", addrsize=16)
print(bus.readfrom_mem(0x50, 1022, 2, addrsize=16), bus.readfrom_mem(0x50, 0, 1, addrsize=16))

print(hex(bus.readfrom_mem(0x68, 0, 1)[0]))
print(list(bus.readfrom_mem(0x68, 1, 1)), list(bus.readfrom_mem(0x68, 1, 1)))
bus.writeto_mem(0x68, 0, b"\x11\x22\x33")  # 0 and 1 ignore writes
print(list(bus.readfrom_mem(0x68, 0, 3)))
