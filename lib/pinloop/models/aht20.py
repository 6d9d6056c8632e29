# AHT20 temperature and humidity sensor (ASAIR AHT20 datasheet): address
# 0x38. 0x71 (or any read) gives the status byte: bit 7 busy, bit 3
# calibrated. 0xBE 0x08 0x00 initializes (calibrates), 0xAC 0x33 0x00
# triggers a measurement that takes 80 ms, 0xBA is a soft reset. A
# measurement reads as 7 bytes: status, 20 bits of humidity, 20 bits of
# temperature, CRC-8 (x^8 + x^5 + x^4 + 1, initial 0xFF); humidity is
# raw / 2^20 * 100 %, temperature raw / 2^20 * 200 - 50 C.
#
# Settings: temperature (C, default 20.0), humidity (%RH, 50.0).

import time

from pinloop.models import _crc
from pinloop.devices import I2CDevice

_MEASURE_US = 80_000


def crc8(data):
    return _crc.crc8(data, 0xFF)


class AHT20(I2CDevice):
    def __init__(self):
        self.temperature = 20.0
        self.humidity = 50.0
        self.calibrated = False
        self._ready_at = None
        self._result = None

    def _busy(self):
        if self._ready_at is None:
            return False
        if time.ticks_diff(self._ready_at, time.ticks_us()) > 0:
            return True
        self._ready_at = None
        return False

    def _status(self):
        return (0x80 if self._busy() else 0) | (0x08 if self.calibrated else 0) | 0x10

    def on_write(self, data):
        command = data[0] if data else None
        if command == 0xBE:
            self.calibrated = True
        elif command == 0xAC:
            humidity = int(min(max(self.humidity, 0.0), 100.0) / 100 * (1 << 20))
            temperature = int((min(max(self.temperature, -50.0), 150.0) + 50) / 200 * (1 << 20))
            humidity = min(humidity, (1 << 20) - 1)
            temperature = min(temperature, (1 << 20) - 1)
            self._result = bytes((
                humidity >> 12,
                (humidity >> 4) & 0xFF,
                ((humidity & 0xF) << 4) | (temperature >> 16),
                (temperature >> 8) & 0xFF,
                temperature & 0xFF,
            ))
            self._ready_at = time.ticks_add(time.ticks_us(), _MEASURE_US)
        elif command == 0xBA:
            self.calibrated = False
            self._result = None
            self._ready_at = None
        return None

    def on_read(self, n):
        status = self._status()
        if status & 0x80 or self._result is None:
            data = bytes((status,)) + b"\x00" * 6
        else:
            body = bytes((status,)) + self._result
            data = body + bytes((crc8(body),))
        return (data + b"\xff" * n)[:n]


MODEL = AHT20
