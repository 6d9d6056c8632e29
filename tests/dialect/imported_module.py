# An imported module written in the dialect: an __iter__ awaitable, await in
# a plain def, and const().
from drive import run
import mp_driver
from mp_driver import Sensor, READY


async def main():
    sensor = Sensor()
    first = await sensor
    second = await sensor.wait()
    return first, second


print(READY, run(main()))
print("hidden constant bound:", hasattr(mp_driver, "_READY"))
