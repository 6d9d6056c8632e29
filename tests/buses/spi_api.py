# pinloop: --clock virtual --board pyboard --spi 1:X5=models/flash.py:Flash
# machine.SPI and SoftSPI as MicroPython's, with a device selected by its
# chip-select pin: a command frame starts where CS falls, ends where it
# rises; a transfer is full duplex; nothing selected reads 0xFF; the bus
# and a SoftSPI on the same pins reach the same devices.
import time

import pinloop
from machine import SPI, Pin, SoftSPI

cs = Pin("X5", Pin.OUT, value=1)
spi = SPI(1)
print(spi)
flash = pinloop.device(spi, "X5")
print(type(flash).__name__, flash.cs)


def command(bus, out, read=0, select=cs):
    select(0)
    bus.write(out)
    got = bus.read(read) if read else None
    select(1)
    return got


print("id", command(spi, b"\x9f", 2))
command(spi, b"\x02\x10hello")
print("read", command(spi, b"\x03\x10", 5))
print("frames", flash.frames)
print("nothing selected", spi.read(2, 0x55))
buf = bytearray(4)
cs(0)
spi.write_readinto(b"\x03\x10\x00\x00", buf)
cs(1)
print("write_readinto", buf)
try:
    spi.write_readinto(b"\x00", bytearray(2))
except ValueError as exc:
    print("ValueError:", exc)

soft = SoftSPI(baudrate=100_000, sck=Pin("X6"), mosi=Pin("X8"), miso=Pin("X7"))
print(soft)
start = time.ticks_us()
print("soft", command(soft, b"\x03\x11", 2), time.ticks_diff(time.ticks_us(), start), "us")
for bad in (lambda: SPI(3), lambda: SoftSPI(sck=Pin("X6")), lambda: SPI(1, bits=16)):
    try:
        bad()
    except ValueError as exc:
        print("ValueError:", exc)

# A device attached from the script, on its own pins.
from models.flash import Flash

other = SoftSPI(sck=Pin("Y1"), mosi=Pin("Y2"), miso=Pin("Y3"))
pinloop.attach(other, Flash(), "Y4")
select = Pin("Y4", Pin.OUT, value=1)
print("other", command(other, b"\x9f", 1, select))
print(type(pinloop.detach(other, Pin("Y4"))).__name__, pinloop.device(other, "Y4"))
