"""Stand-in HTU21D driver, from the tutorial's description (6.6) and the
chip's datasheet: a task runs continuously, triggering an acquisition over
I2C, sleeping while the chip converts (on the order of 120 ms for both
values) and then updating the bound variables `temperature` and
`humidity`, which the application reads "instantly". The chip is pinloop's
HTU21D model on the board's I2C bus 1 (`--i2c 1:0x40=htu21d`)."""

import asyncio
from machine import I2C

ADDRESS = 0x40
MEASURE_TEMPERATURE = b"\xf3"  # no hold: the chip NACKs reads until done
MEASURE_HUMIDITY = b"\xf5"
TEMPERATURE_CONVERSION_MS = 50  # the datasheet's 14-bit maximum
HUMIDITY_CONVERSION_MS = 16  # 12-bit
IDLE_MS = 1000


def checked_word(reply):
    # The 16-bit result, after its CRC-8 (x^8 + x^5 + x^4 + 1) is checked;
    # the two status bits are cleared.
    crc = 0
    for byte in reply[:2]:
        crc ^= byte
        for _ in range(8):
            crc = ((crc << 1) ^ 0x31) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    if crc != reply[2]:
        raise OSError("HTU21D reply failed its CRC")
    return (reply[0] << 8 | reply[1]) & 0xFFFC


class HTU21D:
    def __init__(self, i2c=None):
        self.i2c = I2C(1) if i2c is None else i2c
        self.temperature = None
        self.humidity = None
        self.ready = asyncio.Event()
        asyncio.create_task(self._run())

    async def _measure(self, command, conversion_ms):
        self.i2c.writeto(ADDRESS, command)
        await asyncio.sleep_ms(conversion_ms)
        return checked_word(self.i2c.readfrom(ADDRESS, 3))

    async def _run(self):
        while True:
            raw = await self._measure(MEASURE_TEMPERATURE, TEMPERATURE_CONVERSION_MS)
            temperature = -46.85 + 175.72 * raw / 65536
            raw = await self._measure(MEASURE_HUMIDITY, HUMIDITY_CONVERSION_MS)
            self.temperature, self.humidity = temperature, -6 + 125 * raw / 65536
            self.ready.set()
            await asyncio.sleep_ms(IDLE_MS)
