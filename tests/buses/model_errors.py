# pinloop: --i2c 1:0x21=models/echo.py:Faulty --i2c 1:0x22=models/echo.py:Busy
# A device model that raises is a chip that does not answer: the driver
# sees what a NACK gives it (a released bus reads 0xFF), and stderr says
# which model raised and where.
from machine import I2C

i2c = I2C(1)
print([hex(a) for a in i2c.scan()])
print(i2c.readfrom(0x21, 2))
try:
    i2c.readfrom(0x22, 1)
except OSError as exc:
    print("busy:", exc)
print("the firmware goes on")
