# pinloop: --clock virtual --board htu_board.toml
# The shipped HTU21D model, as a driver written from its datasheet sees it:
# no-hold measurements NACK reads until the conversion ends, held ones
# stretch the clock, results carry status bits and a CRC-8, the user
# register picks the resolution (and so the conversion time), a soft reset
# restores it; the board file's settings and pinloop.device change the
# readings.
import time

import pinloop
from machine import I2C

ADDRESS = 0x40


def crc_ok(data):
    crc = 0
    for byte in data[:2]:
        crc ^= byte
        for _ in range(8):
            crc = ((crc << 1) ^ 0x31) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc == data[2]


def celsius(data):
    return -46.85 + 175.72 * ((data[0] << 8 | data[1]) & 0xFFFC) / 65536


def rh(data):
    return -6 + 125 * ((data[0] << 8 | data[1]) & 0xFFFC) / 65536


i2c = I2C(1)
print("scan", [hex(a) for a in i2c.scan()])
print("user register", hex(i2c.readfrom_mem(ADDRESS, 0xE7, 1)[0]))

start = time.ticks_ms()
i2c.writeto(ADDRESS, b"\xf3")  # temperature, no hold
polls = 0
while True:
    try:
        data = i2c.readfrom(ADDRESS, 3)
        break
    except OSError:
        polls += 1
        time.sleep_ms(1)
print("no hold: ready after {} ms ({} NACKed polls)".format(time.ticks_diff(time.ticks_ms(), start), polls))
print("temperature {:.2f} C, crc ok {}, status {}".format(celsius(data), crc_ok(data), data[1] & 3))

start = time.ticks_us()
i2c.writeto(ADDRESS, b"\xe5")  # humidity, hold master
data = i2c.readfrom(ADDRESS, 3)
print("hold: {} us, humidity {:.1f} %, crc ok {}, status {}".format(
    time.ticks_diff(time.ticks_us(), start), rh(data), crc_ok(data), data[1] & 3))

# A hold longer than the bus timeout is ETIMEDOUT.
short = I2C(1, timeout=10_000)
short.writeto(ADDRESS, b"\xe3")
try:
    short.readfrom(ADDRESS, 3)
except OSError as exc:
    print("timeout 10 ms:", exc)

# 11-bit temperature: 7 ms.
i2c.writeto(ADDRESS, b"\xe6\x83")
print("user register", hex(i2c.readfrom_mem(ADDRESS, 0xE7, 1)[0]))
start = time.ticks_us()
i2c.writeto(ADDRESS, b"\xe3")
i2c.readfrom(ADDRESS, 3)
print("11-bit hold: {} us".format(time.ticks_diff(time.ticks_us(), start)))
i2c.writeto(ADDRESS, b"\xfe")
print("after reset", hex(i2c.readfrom_mem(ADDRESS, 0xE7, 1)[0]))
print("unknown command acks:", i2c.writeto(ADDRESS, b"\x12"))

sensor = pinloop.device(i2c, ADDRESS)
sensor.temperature = -10.5
sensor.humidity = 99.0
i2c.writeto(ADDRESS, b"\xe3")
t = celsius(i2c.readfrom(ADDRESS, 3))
i2c.writeto(ADDRESS, b"\xe5")
h = rh(i2c.readfrom(ADDRESS, 3))
print("changed: {:.2f} C, {:.1f} %".format(t, h))
