"""Stand-in for the tutorial's HTU21D test: prints the driver's bound
variables every two seconds, for ten seconds."""

import asyncio
import time
from as_drivers.htu21d.htu21d_mc import HTU21D


async def main():
    sensor = HTU21D()
    await sensor.ready.wait()
    start = time.ticks_ms()
    for _ in range(5):
        print("{:5d} ms  temperature {:.2f} C, humidity {:.1f} %".format(
            time.ticks_diff(time.ticks_ms(), start), sensor.temperature, sensor.humidity))
        await asyncio.sleep(2)


asyncio.run(main())
