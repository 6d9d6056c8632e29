"""Stand-in HTU21D driver, from the tutorial's description (6.6): a task
runs continuously, triggering an acquisition, sleeping while the chip
converts (on the order of 120 ms for both values) and then updating the
bound variables `temperature` and `humidity`, which the application reads
"instantly". pinloop has no I2C bus, so the chip is a small simulation in
this module: its readings follow a fixed, slowly changing sequence."""

import asyncio

TEMPERATURE_CONVERSION_MS = 50  # the datasheet's 14-bit maximum
HUMIDITY_CONVERSION_MS = 16  # 12-bit
IDLE_MS = 1000


class SimulatedChip:
    def __init__(self):
        self.samples = 0

    def measure_temperature(self):
        return 20.0 + 0.25 * self.samples

    def measure_humidity(self):
        self.samples += 1
        return 55.0 - 0.5 * self.samples


class HTU21D:
    def __init__(self, chip=None):
        self.chip = SimulatedChip() if chip is None else chip
        self.temperature = None
        self.humidity = None
        self.ready = asyncio.Event()
        asyncio.create_task(self._run())

    async def _run(self):
        while True:
            await asyncio.sleep_ms(TEMPERATURE_CONVERSION_MS)
            temperature = self.chip.measure_temperature()
            await asyncio.sleep_ms(HUMIDITY_CONVERSION_MS)
            self.temperature, self.humidity = temperature, self.chip.measure_humidity()
            self.ready.set()
            await asyncio.sleep_ms(IDLE_MS)
