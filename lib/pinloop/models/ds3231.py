# DS3231 real-time clock (Maxim DS3231 datasheet): address 0x68. Registers
# 0x00-0x06 are the time in BCD (seconds, minutes, hours with bit 6 for
# 12-hour mode and bit 5 PM, day 1-7, date, month with bit 7 the century,
# year), 0x07-0x0D the alarms, 0x0E control, 0x0F status (bit 7 OSF: the
# oscillator stopped, set at power-on), 0x10 aging, 0x11-0x12 the
# temperature in 0.25 C steps. The clock runs on the board's clock: it
# reads time.time() plus the offset the last time-setting write made, so
# it advances with board time on either clock, from the board's time at
# start.
#
# Settings: temperature (C, default 25.0).

import time

from pinloop.devices import RegisterDevice


def _bcd(value):
    return ((value // 10) << 4) | (value % 10)


def _from_bcd(value):
    return (value >> 4) * 10 + (value & 0x0F)


class DS3231(RegisterDevice):
    size = 0x13

    def __init__(self):
        super().__init__()
        self.temperature = 25.0
        self.offset = 0  # seconds added to the board's time
        self.twelve_hour = False
        self.registers[0x0E] = 0x1C
        self.registers[0x0F] = 0x80  # OSF: time not set since power-on
        self._pending = None  # time registers being written

    def _now(self):
        return time.localtime(time.time() + self.offset)

    def on_start(self, read):
        super().on_start(read)
        if read:
            self._snapshot = self._time_registers()
        else:
            self._pending = None

    def _time_registers(self):
        year, month, day, hour, minute, second, weekday = self._now()[:7]
        if self.twelve_hour:
            pm = hour >= 12
            hour12 = hour % 12 or 12
            hours = 0x40 | (0x20 if pm else 0) | _bcd(hour12)
        else:
            hours = _bcd(hour)
        century = 0x80 if year >= 2100 else 0
        return bytes((
            _bcd(second), _bcd(minute), hours, weekday + 1, _bcd(day),
            century | _bcd(month), _bcd(year % 100),
        ))

    def read_register(self, register):
        if register <= 0x06:
            return self._snapshot[register]
        if register in (0x11, 0x12):
            quarters = int(round(self.temperature * 4)) & 0x3FF
            return (quarters >> 2) & 0xFF if register == 0x11 else (quarters & 3) << 6
        return super().read_register(register)

    def write_register(self, register, value):
        if register <= 0x06:
            if self._pending is None:
                self._pending = bytearray(self._time_registers())
            self._pending[register] = value
            return
        if register == 0x0F:
            value &= self.registers[0x0F] | 0x7F  # OSF is cleared, never set, by a write
        super().write_register(register, value)

    def on_stop(self):
        pending, self._pending = self._pending, None
        if pending is None:
            return
        seconds = _from_bcd(pending[0] & 0x7F)
        minutes = _from_bcd(pending[1] & 0x7F)
        if pending[2] & 0x40:
            self.twelve_hour = True
            hour = _from_bcd(pending[2] & 0x1F) % 12 + (12 if pending[2] & 0x20 else 0)
        else:
            self.twelve_hour = False
            hour = _from_bcd(pending[2] & 0x3F)
        day = _from_bcd(pending[4] & 0x3F)
        month = _from_bcd(pending[5] & 0x1F)
        year = 2000 + _from_bcd(pending[6]) + (100 if pending[5] & 0x80 else 0)
        wanted = time.mktime((year, month, day, hour, minutes, seconds, 0, 0))
        self.offset = wanted - time.time()


MODEL = DS3231
