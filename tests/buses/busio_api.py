# pinloop: --clock virtual --board circuitpython
# CircuitPython's busio.I2C and busio.SPI over the simulated buses: the
# lock, start/end slices, writeto_then_readfrom's repeated start, OSError
# 19 for an address nobody acknowledges, deinit and `with`.
import board
import busio

import pinloop
from pinloop.devices import RegisterDevice, SPIDevice


class Chip(RegisterDevice):
    pass


class Loopback(SPIDevice):
    def on_transfer(self, data):
        return bytes(b ^ 0xFF for b in data)


i2c = busio.I2C(board.D2, board.D3)
chip = Chip()
pinloop.attach(i2c, chip, 0x42)
try:
    i2c.scan()
except RuntimeError as exc:
    print("RuntimeError:", exc)
while not i2c.try_lock():
    pass
print("second lock:", i2c.try_lock())
print([hex(a) for a in i2c.scan()])
i2c.writeto(0x42, bytes([0x00, 1, 2, 3, 4]), start=0, end=4)
got = bytearray(4)
i2c.writeto_then_readfrom(0x42, b"\x00", got, in_start=1)
print(got, bytes(chip.registers[:4]))
try:
    i2c.writeto(0x43, b"\x00")
except OSError as exc:
    print("OSError", exc.args[0])
i2c.unlock()
i2c.deinit()
try:
    i2c.try_lock()
except ValueError as exc:
    print("ValueError:", exc)

with busio.SPI(board.D5, MOSI=board.D6, MISO=board.D7) as spi:
    from digitalio import DigitalInOut, Direction

    cs = DigitalInOut(board.D8)
    cs.direction = Direction.OUTPUT
    cs.value = True
    pinloop.attach(spi, Loopback(), board.D8)
    while not spi.try_lock():
        pass
    spi.configure(baudrate=1_000_000)
    print("frequency", spi.frequency)
    out = bytearray(3)
    cs.value = False
    spi.write_readinto(b"\x0f\xf0\x55", out)
    cs.value = True
    print(out)
    try:
        spi.write_readinto(b"\x00", bytearray(2))
    except ValueError as exc:
        print("ValueError:", exc)
print("after with:", spi._bus)
