# pinloop: --clock virtual --i2c 1:0x76=bme280,temperature=23.4,pressure=998.7,humidity=61.5
# The BME280 model as a datasheet driver sees it: chip id, trimming
# parameters, a forced measurement taking the datasheet's time with the
# status bit set meanwhile, raw readings the datasheet's floating-point
# formulas turn back into the settings, normal mode, a skipped humidity,
# soft reset.
import time
import struct
from machine import I2C
import pinloop

i2c = I2C(1)
A = 0x76
print("scan", [hex(a) for a in i2c.scan()], "id", hex(i2c.readfrom_mem(A, 0xD0, 1)[0]))
cal = i2c.readfrom_mem(A, 0x88, 26)
T1, T2, T3, P1, P2, P3, P4, P5, P6, P7, P8, P9 = struct.unpack("<HhhHhhhhhhhh", cal[:24])
H1 = cal[25]
e = i2c.readfrom_mem(A, 0xE1, 7)
H2 = struct.unpack("<h", e[0:2])[0]
H3 = e[2]
H4 = (struct.unpack("b", e[3:4])[0] << 4) | (e[4] & 0x0F)
H5 = (struct.unpack("b", e[5:6])[0] << 4) | (e[4] >> 4)
H6 = struct.unpack("b", e[6:7])[0]


def compensate(raw):
    adc_p = (raw[0] << 12) | (raw[1] << 4) | (raw[2] >> 4)
    adc_t = (raw[3] << 12) | (raw[4] << 4) | (raw[5] >> 4)
    adc_h = (raw[6] << 8) | raw[7]
    # The datasheet's floating-point formulas (8.1).
    var1 = (adc_t / 16384.0 - T1 / 1024.0) * T2
    var2 = ((adc_t / 131072.0 - T1 / 8192.0) ** 2) * T3
    t_fine = var1 + var2
    t = t_fine / 5120.0
    var1 = t_fine / 2.0 - 64000.0
    var2 = var1 * var1 * P6 / 32768.0
    var2 = var2 + var1 * P5 * 2.0
    var2 = var2 / 4.0 + P4 * 65536.0
    var1 = (P3 * var1 * var1 / 524288.0 + P2 * var1) / 524288.0
    var1 = (1.0 + var1 / 32768.0) * P1
    p = 1048576.0 - adc_p
    p = (p - var2 / 4096.0) * 6250.0 / var1
    var1 = P9 * p * p / 2147483648.0
    var2 = p * P8 / 32768.0
    p = p + (var1 + var2 + P7) / 16.0
    h = t_fine - 76800.0
    h = (adc_h - (H4 * 64.0 + H5 / 16384.0 * h)) * (H2 / 65536.0 * (1.0 + H6 / 67108864.0 * h * (1.0 + H3 / 67108864.0 * h)))
    h = h * (1.0 - H1 * h / 524288.0)
    return t, p / 100, h


print("before any measurement", i2c.readfrom_mem(A, 0xF7, 8).hex())
i2c.writeto_mem(A, 0xF2, b"\x01")        # humidity x1
i2c.writeto_mem(A, 0xF4, b"\x25")        # temperature x1, pressure x1, forced
t0 = time.ticks_us()
while i2c.readfrom_mem(A, 0xF3, 1)[0] & 0x08:
    time.sleep_us(100)
print("measured in about", round(time.ticks_diff(time.ticks_us(), t0) / 1000, 1), "ms; mode now", i2c.readfrom_mem(A, 0xF4, 1)[0] & 3)
t, p, h = compensate(i2c.readfrom_mem(A, 0xF7, 8))
print("T %.2f C  P %.2f hPa  H %.1f %%" % (t, p, h))

sensor = pinloop.device(i2c, A)
sensor.temperature = -5.0
sensor.pressure = 1030.0
sensor.humidity = 20.0
print("unchanged until measured", "%.2f" % compensate(i2c.readfrom_mem(A, 0xF7, 8))[0])
i2c.writeto_mem(A, 0xF2, b"\x00")        # humidity skipped
i2c.writeto_mem(A, 0xF4, b"\xB7")        # x16, x16... normal mode
time.sleep_ms(100)
raw = i2c.readfrom_mem(A, 0xF7, 8)
t, p, h = compensate(raw)
print("normal: T %.2f C  P %.2f hPa  humidity raw %s" % (t, p, raw[6:].hex()))
i2c.writeto_mem(A, 0xE0, b"\xB6")
print("after reset", i2c.readfrom_mem(A, 0xF4, 1)[0], i2c.readfrom_mem(A, 0xF7, 8).hex())
