# pinloop: --clock virtual --epoch 2031-05-06T07:08:09 --board shipped_models.toml
# The shipped models as drivers written from their datasheets see them:
# the AT24C32's page writes, write cycle and sequential reads, the AHT20's
# busy bit, measurement and CRC, the DS3231's BCD clock running on board
# time, the MPU-6050's sleep, full-scale ranges and data registers.
import struct
import time

import pinloop
from machine import I2C

i2c = I2C(1)
print("scan", [hex(a) for a in i2c.scan()])

# AT24C32 at 0x50.
print("erased", i2c.readfrom_mem(0x50, 0x0100, 4, addrsize=16))
i2c.writeto_mem(0x50, 0x011E, b"ABCDEF", addrsize=16)  # crosses the page end
polls = 0
while True:
    try:
        i2c.writeto(0x50, b"")
        break
    except OSError:
        polls += 1
        time.sleep_us(500)
print("write cycle: ACK after", polls, "polls")
print("page wrapped", i2c.readfrom_mem(0x50, 0x011E, 2, addrsize=16), i2c.readfrom_mem(0x50, 0x0100, 4, addrsize=16))
print("current address read", i2c.readfrom(0x50, 2))

# AHT20 at 0x38.
print("status", hex(i2c.readfrom(0x38, 1)[0]))
i2c.writeto(0x38, b"\xbe\x08\x00")
i2c.writeto(0x38, b"\xac\x33\x00")
print("busy", hex(i2c.readfrom(0x38, 1)[0]))
time.sleep_ms(80)
data = i2c.readfrom(0x38, 7)
crc = 0xFF
for byte in data[:6]:
    crc ^= byte
    for _ in range(8):
        crc = ((crc << 1) ^ 0x31) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
humidity = ((data[1] << 12) | (data[2] << 4) | (data[3] >> 4)) * 100 / (1 << 20)
temperature = (((data[3] & 0xF) << 16) | (data[4] << 8) | data[5]) * 200 / (1 << 20) - 50
print("status {:#x} humidity {:.1f} temperature {:.1f} crc ok {}".format(data[0], humidity, temperature, crc == data[6]))

# DS3231 at 0x68.
def bcd(b):
    return (b >> 4) * 10 + (b & 0xF)


def now():
    r = i2c.readfrom_mem(0x68, 0, 7)
    return "20{:02d}-{:02d}-{:02d} {:02d}:{:02d}:{:02d}".format(
        bcd(r[6]), bcd(r[5] & 0x1F), bcd(r[4]), bcd(r[2] & 0x3F), bcd(r[1]), bcd(r[0]))


print("rtc", now(), "OSF", i2c.readfrom_mem(0x68, 0x0F, 1)[0] >> 7)
i2c.writeto_mem(0x68, 0, bytes([0x50, 0x59, 0x23, 0x07, 0x31, 0x12, 0x29]))  # 2029-12-31 23:59:50
i2c.writeto_mem(0x68, 0x0F, b"\x00")
time.sleep(15)
print("rtc", now(), "OSF", i2c.readfrom_mem(0x68, 0x0F, 1)[0] >> 7)
msb, lsb = i2c.readfrom_mem(0x68, 0x11, 2)
print("temperature", msb + (lsb >> 6) / 4)

# MPU-6050 at 0x69.
print("WHO_AM_I", hex(i2c.readfrom_mem(0x69, 0x75, 1)[0]))
print("asleep", struct.unpack(">hhh", i2c.readfrom_mem(0x69, 0x3B, 6)))
i2c.writeto_mem(0x69, 0x6B, b"\x00")
ax, ay, az, raw_t, gx, gy, gz = struct.unpack(">7h", i2c.readfrom_mem(0x69, 0x3B, 14))
print("accel", ax, ay, az, "temp {:.2f}".format(raw_t / 340 + 36.53), "gyro", gx, gy, gz)
i2c.writeto_mem(0x69, 0x1C, b"\x18")  # +-16 g
i2c.writeto_mem(0x69, 0x1B, b"\x08")  # +-500 deg/s
imu = pinloop.device(i2c, 0x69)
imu.accel = (0.5, -0.25, 1.0)
ax, ay, az, _t, gx, gy, gz = struct.unpack(">7h", i2c.readfrom_mem(0x69, 0x3B, 14))
print("accel", ax, ay, az, "gyro", gx, gy, gz)
