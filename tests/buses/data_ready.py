# pinloop: --clock virtual --board pyboard --i2c 1:0x48=models/thermo.py:Thermo
# docs/devices.md's worked example: a model drives its data-ready line from
# the chip's side; the firmware's IRQ on that pin sets a ThreadSafeFlag a
# task awaits, and the conversion takes 10 ms of board time.
import asyncio
import time

from machine import I2C, Pin

i2c = I2C(1)
print("WHO_AM_I", hex(i2c.readfrom_mem(0x48, 0x0F, 1)[0]))
flag = asyncio.ThreadSafeFlag()
ready = Pin("X3", Pin.IN)
ready.irq(lambda pin: flag.set(), Pin.IRQ_RISING)


async def main():
    for celsius in (21.0, 22.5):
        import pinloop

        pinloop.device(i2c, 0x48).celsius = celsius
        start = time.ticks_ms()
        i2c.writeto_mem(0x48, 0x20, b"\x01")
        print("ready line", ready.value())
        await flag.wait()
        print(i2c.readfrom_mem(0x48, 0x28, 1)[0] / 2, "C after", time.ticks_diff(time.ticks_ms(), start), "ms")


asyncio.run(main())
