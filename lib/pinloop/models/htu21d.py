# HTU21D(F) temperature and humidity sensor (TE Connectivity datasheet
# HPC199_6): I2C address 0x40.
#
# Commands: 0xE3/0xE5 measure temperature/humidity holding the master (the
# chip stretches SCL until the result is ready), 0xF3/0xF5 the same without
# holding (a read NACKs until the conversion ends), 0xE6/0xE7 write/read the
# user register, 0xFE soft reset. A result is 16 bits, MSB first, whose two
# low bits are status (bit 1 set for humidity), then a CRC-8 (x^8 + x^5 +
# x^4 + 1, initial 0). Conversion times are the datasheet's maxima for the
# resolution the user register selects.
#
# Settings: temperature (degrees C, default 20.0), humidity (%RH, 50.0).

import time

from pinloop.models import _crc
from pinloop.devices import I2CDevice, Nack

_MEASURE_T_HOLD = 0xE3
_MEASURE_RH_HOLD = 0xE5
_MEASURE_T = 0xF3
_MEASURE_RH = 0xF5
_WRITE_USER = 0xE6
_READ_USER = 0xE7
_SOFT_RESET = 0xFE

_USER_DEFAULT = 0x02  # 12-bit RH, 14-bit T, OTP reload disabled

# User register bits 7 and 0 -> (RH ms, T ms), maximum conversion times.
_CONVERSION_MS = {0x00: (16, 50), 0x01: (3, 13), 0x80: (5, 25), 0x81: (8, 7)}


def crc8(data):
    return _crc.crc8(data, 0x00)


class HTU21D(I2CDevice):
    def __init__(self):
        self.temperature = 20.0
        self.humidity = 50.0
        self.user_register = _USER_DEFAULT
        self._command = None
        self._result = None  # the bytes a read returns
        self._ready_at = None  # ticks_us when a no-hold conversion ends
        self._expect_user_value = False

    def _raw(self, humidity):
        if humidity:
            value = (min(max(self.humidity, 0.0), 100.0) + 6.0) * 65536 / 125.0
        else:
            value = (self.temperature + 46.85) * 65536 / 175.72
        word = (max(0, min(int(value), 0xFFFF)) & 0xFFFC) | (0x02 if humidity else 0)
        data = bytes((word >> 8, word & 0xFF))
        return data + bytes((crc8(data),))

    def _conversion_us(self, humidity):
        rh_ms, t_ms = _CONVERSION_MS[self.user_register & 0x81]
        return 1000 * (rh_ms if humidity else t_ms)

    def on_start(self, read):
        if read and self._ready_at is not None:
            if time.ticks_diff(self._ready_at, time.ticks_us()) > 0:
                raise Nack()  # still converting
            self._ready_at = None

    def on_write(self, data):
        for byte in data:
            if self._expect_user_value:
                # Bits 3-5 are reserved and keep their value.
                self.user_register = (byte & 0xC7) | (self.user_register & 0x38)
                self._expect_user_value = False
                continue
            if byte in (_MEASURE_T, _MEASURE_RH, _MEASURE_T_HOLD, _MEASURE_RH_HOLD):
                humidity = byte in (_MEASURE_RH, _MEASURE_RH_HOLD)
                self._command = byte
                self._result = self._raw(humidity)
                if byte in (_MEASURE_T, _MEASURE_RH):
                    self._ready_at = time.ticks_add(
                        time.ticks_us(), self._conversion_us(humidity)
                    )
            elif byte == _READ_USER:
                self._command = byte
                self._result = bytes((self.user_register,))
            elif byte == _WRITE_USER:
                self._expect_user_value = True
            elif byte == _SOFT_RESET:
                self.user_register = _USER_DEFAULT
                self._result = None
                self._ready_at = None
            else:
                raise Nack()  # not a command: the byte is not acknowledged
        return None

    def on_read(self, n):
        if self._command in (_MEASURE_T_HOLD, _MEASURE_RH_HOLD):
            # Held: SCL stays low while the chip converts.
            self.stretch(self._conversion_us(self._command == _MEASURE_RH_HOLD))
            self._command = None
        result = self._result or b""
        return (result + b"\xff" * n)[:n]


MODEL = HTU21D
