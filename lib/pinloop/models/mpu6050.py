# MPU-6050 accelerometer and gyroscope (InvenSense register map RM-MPU-
# 6000A): address 0x68 (0x69 with AD0 high). WHO_AM_I (0x75) reads 0x68;
# PWR_MGMT_1 (0x6B) starts at 0x40, asleep, and a sleeping chip does not
# update its data registers; ACCEL_CONFIG (0x1C) bits 4:3 pick +-2/4/8/16 g
# (16384/8192/4096/2048 LSB per g), GYRO_CONFIG (0x1B) bits 4:3 +-250/500/
# 1000/2000 deg/s (131/65.5/32.8/16.4 LSB per deg/s); the data registers
# 0x3B-0x48 are big-endian: accel x, y, z, temperature (raw / 340 + 36.53
# C), gyro x, y, z. A 1 in PWR_MGMT_1 bit 7 resets the registers.
#
# Settings: accel (x, y, z in g, default (0, 0, 1)), gyro (deg/s, default
# (0, 0, 0)), temperature (C, default 25.0); a setting is a tuple, or
# "x,y,z" text from a board file.

from pinloop.devices import RegisterDevice

_ACCEL_LSB = (16384, 8192, 4096, 2048)
_GYRO_LSB = (131.0, 65.5, 32.8, 16.4)


def _int16(value):
    value = max(-32768, min(32767, int(round(value))))
    return value & 0xFFFF


def _triple(value):
    if isinstance(value, str):
        value = [float(part) for part in value.split(",")]
    x, y, z = value
    return float(x), float(y), float(z)


class MPU6050(RegisterDevice):
    size = 0x76

    def __init__(self):
        super().__init__()
        self.accel = (0.0, 0.0, 1.0)
        self.gyro = (0.0, 0.0, 0.0)
        self.temperature = 25.0
        self._reset_registers()

    def _reset_registers(self):
        self.registers[:] = bytes(self.size)
        self.registers[0x6B] = 0x40
        self.registers[0x75] = 0x68

    def _sample(self):
        # Latches the data registers from the settings, as the chip does at
        # its sample rate while awake.
        accel_lsb = _ACCEL_LSB[(self.registers[0x1C] >> 3) & 3]
        gyro_lsb = _GYRO_LSB[(self.registers[0x1B] >> 3) & 3]
        words = [a * accel_lsb for a in _triple(self.accel)]
        words.append((self.temperature - 36.53) * 340)
        words += [g * gyro_lsb for g in _triple(self.gyro)]
        for i, word in enumerate(words):
            raw = _int16(word)
            self.registers[0x3B + 2 * i] = raw >> 8
            self.registers[0x3C + 2 * i] = raw & 0xFF

    def on_start(self, read):
        super().on_start(read)
        if read and not self.registers[0x6B] & 0x40:
            self._sample()

    def write_register(self, register, value):
        if register == 0x6B and value & 0x80:
            self._reset_registers()
            return
        if register in (0x75,) or 0x3B <= register <= 0x48:
            return  # read-only
        super().write_register(register, value)


MODEL = MPU6050
