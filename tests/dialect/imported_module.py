# An imported module written in the dialect: an __iter__ awaitable, await in
# a plain def, and const().
from drive import run
from mp_driver import Sensor, _READY


async def main():
    sensor = Sensor()
    first = await sensor
    second = await sensor.wait()
    return first, second


print(_READY, run(main()))
