# pinloop: --board pyboard --clock virtual --i2c 1:0x50=at24c32 --spi 1:X5=ssd1306,dc=Y4
# pyb.I2C and pyb.SPI over the same buses and devices as machine's: off until
# init gives a mode, mem_read/mem_write/send/recv/is_ready/scan, EIO for a
# NACK, the Pyboard's 'X'/'Y' names, the peripheral mode refused.
from pyb import I2C, SPI, Pin
import pinloop
i2c = I2C(1)
print(i2c)
try:
    i2c.scan()
except OSError as e:
    print("not initialised:", e)
i2c.init(I2C.CONTROLLER, baudrate=100000)
print(i2c, i2c.scan(), i2c.is_ready(0x50), i2c.is_ready(0x51))
i2c.mem_write(b"pyb!", 0x50, 0x0010, addr_size=16)
import time; time.sleep_ms(10)
print(i2c.mem_read(4, 0x50, 0x0010, addr_size=16))
buf = bytearray(2)
print(i2c.mem_read(buf, 0x50, 0x0011, addr_size=16), buf)
i2c.send(b"\x00\x10", addr=0x50)
print(i2c.recv(3, addr=0x50))
try:
    i2c.send(1, addr=0x33)
except OSError as e:
    print("nobody at 0x33: OSError", e.errno)
y = I2C("Y", I2C.CONTROLLER)
print(y, y.scan())
try:
    I2C(1, I2C.PERIPHERAL, addr=0x42)
except ValueError as e:
    print("ValueError", e)
try:
    I2C(3)
except ValueError as e:
    print("ValueError", e)
spi = SPI(1, SPI.CONTROLLER, baudrate=1_000_000, polarity=0, phase=0)
print(spi)
cs, dc = Pin("X5", Pin.OUT, value=1), Pin("Y4", Pin.OUT, value=0)
cs(0); spi.send(bytes([0xAF, 0xA5])); cs(1)
print("panel on and all lit:", pinloop.device(spi, "X5").lit(5, 5))
print(spi.send_recv(b"\x01\x02"), spi.recv(2))
spi.deinit()
try:
    spi.send(1)
except OSError as e:
    print("after deinit: OSError", e.errno)
