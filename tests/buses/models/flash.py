# A test model: a tiny SPI flash. A command starts at chip-select's fall:
# 0x9F reads the ID, 0x03 ADDR reads from ADDR, 0x02 ADDR DATA... writes.
from pinloop.devices import SPIDevice


class Flash(SPIDevice):
    def __init__(self):
        self.memory = bytearray(256)
        self.frames = 0

    def on_select(self):
        self.frames += 1
        self.command = None
        self.address = None

    def on_transfer(self, data):
        out = bytearray()
        for byte in data:
            if self.command is None:
                self.command = byte
                out.append(0xFF)
            elif self.command == 0x9F:
                out.append(0xEF)
            elif self.address is None:
                self.address = byte
                out.append(0xFF)
            elif self.command == 0x03:
                out.append(self.memory[self.address])
                self.address = (self.address + 1) & 0xFF
            elif self.command == 0x02:
                self.memory[self.address] = byte
                self.address = (self.address + 1) & 0xFF
                out.append(0xFF)
        return out

    def on_deselect(self):
        self.command = None
