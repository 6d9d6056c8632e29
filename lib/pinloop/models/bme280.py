# BME280 humidity, pressure and temperature sensor (Bosch datasheet
# BST-BME280-DS002): I2C address 0x76 (0x77 with SDO high).
#
# Registers: chip id 0xD0 (0x60), soft reset 0xE0 (write 0xB6), the
# trimming parameters 0x88-0xA1 and 0xE1-0xE7, ctrl_hum 0xF2 (applied at
# the next write of ctrl_meas), status 0xF3 (bit 3 measuring, bit 0 NVM
# copying), ctrl_meas 0xF4 (oversampling of temperature and pressure, the
# mode), config 0xF5, and the data 0xF7-0xFE (pressure and temperature 20
# bits, humidity 16). A skipped measurement (oversampling 0) reads
# 0x80000 (0x8000 for humidity), as after reset.
#
# Forced mode measures once, taking the datasheet's maximum measurement
# time for the oversampling chosen, then sleeps; normal mode measures
# every standby period. The data registers hold raw readings that the
# datasheet's integer compensation formulas (with this chip's trimming
# parameters) turn back into the settings, to the formulas' resolution.
# The IIR filter is not modelled: with steady settings its output is its
# input.
#
# Settings: temperature (degrees C, default 20.0), pressure (hPa, 1013.25),
# humidity (%RH, 50.0).

import time

from pinloop.devices import RegisterDevice

_CHIP_ID = 0x60
_RESET_WORD = 0xB6

# Trimming parameters, as a chip has them (the datasheet's example values
# for temperature and pressure).
_T = (27504, 26435, -1000)
_P = (36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000)
_H = (75, 362, 0, 313, 50, 30)

_OVERSAMPLING = (0, 1, 2, 4, 8, 16, 16, 16)
_STANDBY_MS = (0.5, 62.5, 125, 250, 500, 1000, 10, 20)


def _div(a, b):
    # C's integer division (towards zero), which the formulas use.
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def _fine(adc_t):
    t1, t2, t3 = _T
    var1 = (((adc_t >> 3) - (t1 << 1)) * t2) >> 11
    var2 = (((((adc_t >> 4) - t1) * ((adc_t >> 4) - t1)) >> 12) * t3) >> 14
    return var1 + var2


def _temperature(fine):
    return (fine * 5 + 128) >> 8  # 0.01 C


def _pressure(adc_p, fine):
    p1, p2, p3, p4, p5, p6, p7, p8, p9 = _P
    var1 = fine - 128000
    var2 = var1 * var1 * p6
    var2 = var2 + ((var1 * p5) << 17)
    var2 = var2 + (p4 << 35)
    var1 = ((var1 * var1 * p3) >> 8) + ((var1 * p2) << 12)
    var1 = (((1 << 47) + var1) * p1) >> 33
    if var1 == 0:
        return 0
    p = 1048576 - adc_p
    p = _div(((p << 31) - var2) * 3125, var1)
    var1 = (p9 * (p >> 13) * (p >> 13)) >> 25
    var2 = (p8 * p) >> 19
    return ((p + var1 + var2) >> 8) + (p7 << 4)  # Pa * 256


def _humidity(adc_h, fine):
    h1, h2, h3, h4, h5, h6 = _H
    v = fine - 76800
    v = ((((adc_h << 14) - (h4 << 20) - (h5 * v)) + 16384) >> 15) * (
        ((((((v * h6) >> 10) * (((v * h3) >> 11) + 32768)) >> 10) + 2097152) * h2 + 8192) >> 14
    )
    v = v - (((((v >> 15) * (v >> 15)) >> 7) * h1) >> 4)
    v = max(0, min(v, 419430400))
    return v >> 12  # %RH * 1024


def _search(low, high, value, target):
    # The raw reading in [low, high] whose compensated value is nearest
    # `target`; `value` grows with the reading.
    while low < high:
        middle = (low + high) // 2
        if value(middle) < target:
            low = middle + 1
        else:
            high = middle
    if low > 0 and abs(value(low - 1) - target) < abs(value(low) - target):
        return low - 1
    return low


class BME280(RegisterDevice):
    def __init__(self):
        self.temperature = 20.0
        self.pressure = 1013.25
        self.humidity = 50.0
        super().__init__()
        self._reset()

    def _reset(self):
        regs = self.registers
        for i in range(len(regs)):
            regs[i] = 0
        regs[0xD0] = _CHIP_ID
        at = 0x88
        for i, value in enumerate(_T + _P):
            regs[at : at + 2] = (value & 0xFFFF).to_bytes(2, "little")
            at += 2
        h1, h2, h3, h4, h5, h6 = _H
        regs[0xA1] = h1
        regs[0xE1:0xE3] = (h2 & 0xFFFF).to_bytes(2, "little")
        regs[0xE3] = h3
        regs[0xE4] = (h4 >> 4) & 0xFF
        regs[0xE5] = ((h5 & 0x0F) << 4) | (h4 & 0x0F)
        regs[0xE6] = (h5 >> 4) & 0xFF
        regs[0xE7] = h6 & 0xFF
        regs[0xF7:0xFF] = b"\x80\x00\x00\x80\x00\x00\x80\x00"
        self._humidity_oversampling = 0
        self._busy_until = None
        self._next_normal = None

    # --- registers -----------------------------------------------------

    def write_register(self, register, value):
        if register == 0xE0:
            if value == _RESET_WORD:
                self._reset()
        elif register == 0xF2:
            self.registers[0xF2] = value & 0x07
        elif register == 0xF4:
            self.registers[0xF4] = value
            self._humidity_oversampling = self.registers[0xF2]
            mode = value & 0x03
            if mode in (1, 2):
                self._busy_until = time.ticks_add(time.ticks_us(), self._measure_us())
            elif mode == 3:
                self._next_normal = time.ticks_add(time.ticks_us(), self._measure_us())
        elif register == 0xF5:
            self.registers[0xF5] = value & 0xFD
        # The rest (chip id, trimming, data, status) is read-only.

    def read_register(self, register):
        self._catch_up()
        if register == 0xF3:
            measuring = self._busy_until is not None
            return 0x08 if measuring else 0x00
        return self.registers[register]

    # --- measuring -----------------------------------------------------

    def _oversampling(self):
        ctrl = self.registers[0xF4]
        return (
            _OVERSAMPLING[ctrl >> 5],
            _OVERSAMPLING[(ctrl >> 2) & 0x07],
            _OVERSAMPLING[self._humidity_oversampling],
        )

    def _measure_us(self):
        # The datasheet's maximum measurement time (9.1).
        t, p, h = self._oversampling()
        ms = 1.25 + 2.3 * t + (2.3 * p + 0.575 if p else 0) + (2.3 * h + 0.575 if h else 0)
        return int(ms * 1000)

    def _catch_up(self):
        now = time.ticks_us()
        if self._busy_until is not None and time.ticks_diff(now, self._busy_until) >= 0:
            self._busy_until = None
            self._store_measurement()
            self.registers[0xF4] &= 0xFC  # forced mode ends asleep
        if self.registers[0xF4] & 0x03 == 3 and self._next_normal is not None:
            if time.ticks_diff(now, self._next_normal) >= 0:
                self._store_measurement()
                period = self._measure_us() + int(_STANDBY_MS[self.registers[0xF5] >> 5] * 1000)
                while time.ticks_diff(now, self._next_normal) >= 0:
                    self._next_normal = time.ticks_add(self._next_normal, period)

    def _store_measurement(self):
        t, p, h = self._oversampling()
        regs = self.registers
        adc_t = _search(0, (1 << 20) - 1, lambda a: _temperature(_fine(a)), round(self.temperature * 100))
        fine = _fine(adc_t)
        if t:
            regs[0xFA:0xFD] = (adc_t << 4).to_bytes(3, "big")
        else:
            regs[0xFA:0xFD] = b"\x80\x00\x00"
        if p:
            target = round(self.pressure * 100 * 256)
            adc_p = _search(0, (1 << 20) - 1, lambda a: -_pressure(a, fine), -target)
            regs[0xF7:0xFA] = (adc_p << 4).to_bytes(3, "big")
        else:
            regs[0xF7:0xFA] = b"\x80\x00\x00"
        if h:
            target = round(self.humidity * 1024)
            adc_h = _search(0, (1 << 16) - 1, lambda a: _humidity(a, fine), target)
            regs[0xFD:0xFF] = adc_h.to_bytes(2, "big")
        else:
            regs[0xFD:0xFF] = b"\x80\x00"


MODEL = BME280
