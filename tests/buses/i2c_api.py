# pinloop: --clock virtual --board pyboard --i2c 1:0x40=htu21d --i2c 1:0x21=models/echo.py:Echo
# machine.I2C and SoftI2C as MicroPython's: a bus is its pins, so the
# hardware bus 1 and a software bus on X9/X10 reach the same devices;
# transactions, ACK counts, ENODEV, repeated starts, the primitives, and
# the time a transfer takes on the board's clock.
import time

import pinloop
from machine import I2C, Pin, SoftI2C

i2c = I2C(1)
print(i2c)
print(I2C("X"))
print([hex(a) for a in i2c.scan()])
echo = pinloop.device(i2c, 0x21)
print(type(echo).__name__, hex(echo.address))

print("writeto", i2c.writeto(0x21, b"\x01\x02\x03"))
print("readfrom", i2c.readfrom(0x21, 2))
print("short read padded", i2c.readfrom(0x21, 5))
print("NACK at the zero byte:", i2c.writeto(0x21, b"\x07\x00\x09"))
print("writevto", i2c.writevto(0x21, (b"\xaa", b"\xbb\xcc")))
buf = bytearray(2)
i2c.readfrom_into(0x21, buf)
print("readfrom_into", buf)
echo.events.clear()
print("readfrom_mem", i2c.readfrom_mem(0x21, 0x1234, 2, addrsize=16))
print(echo.events)
echo.events.clear()
i2c.writeto_mem(0x21, 0x10, b"\x55")
print(echo.events)
echo.events.clear()
i2c.writeto(0x21, b"\x42", False)
i2c.readfrom(0x21, 1)
print("no stop between:", echo.events)

for call in (
    lambda: i2c.readfrom(0x22, 1),
    lambda: i2c.writeto(0x22, b"x"),
    lambda: i2c.readfrom_mem(0x22, 0, 1),
):
    try:
        call()
    except OSError as exc:
        print("absent:", exc)
for bad in (lambda: I2C(3), lambda: I2C("Z")):
    try:
        bad()
    except ValueError as exc:
        print("ValueError:", exc)
try:
    i2c.readfrom_mem(0x21, 0, 1, addrsize=12)
except ValueError as exc:
    print("ValueError:", exc)
try:
    i2c.start()
except OSError as exc:
    print("OSError:", exc)

soft = SoftI2C(scl=Pin("X9"), sda=Pin("X10"), freq=100_000)
print(soft)
print("same devices:", soft.scan() == i2c.scan())
print("legacy:", I2C(-1, scl=Pin("X9"), sda=Pin("X10")))
echo.events.clear()
soft.start()
print("acks", soft.write(b"\x42\x61\x62"))  # address 0x21 writing, then 2 bytes
soft.start()
print("acks", soft.write(b"\x43"))  # repeated start, reading
got = bytearray(2)
soft.readinto(got)
soft.stop()
print(got, echo.events)
soft.start()
print("nobody at 0x30:", soft.write(b"\x60\x01"))
soft.stop()

# A transfer takes 9 clocks a byte: 4 bytes at 100 kHz are 360 us.
start = time.ticks_us()
soft.readfrom(0x21, 3)
print("took", time.ticks_diff(time.ticks_us(), start), "us")
start = time.ticks_us()
i2c.readfrom(0x21, 3)
print("took", time.ticks_diff(time.ticks_us(), start), "us at 400 kHz")

# Devices attached from the script.
from models.echo import Busy, Echo

other = SoftI2C(scl=Pin("Y1"), sda=Pin("Y2"))
pinloop.attach(other, Echo(), 0x50)
pinloop.attach(other, Busy(), 0x51)
print([hex(a) for a in other.scan()], "(0x51 NACKs its address)")
try:
    pinloop.attach(other, Echo(), 0x50)
except ValueError as exc:
    print("ValueError:", exc)
print(type(pinloop.detach(other, 0x50)).__name__, other.scan(), i2c.scan() == [0x21, 0x40])
