"""Stand-in for the tutorial's aledflash demo: "Flashes three Pyboard LEDs
asynchronously for 10s". Each LED toggles at its own rate; the program
ends after ten seconds with the LEDs off."""

import asyncio
import pyb


async def toggle(led, period_ms):
    while True:
        await asyncio.sleep_ms(period_ms)
        led.toggle()


async def main(duration):
    print("Flashing three LEDs for {} s".format(duration))
    leds = [pyb.LED(n) for n in range(1, 4)]
    for led, period_ms in zip(leds, (1000, 700, 400)):
        asyncio.create_task(toggle(led, period_ms))
    await asyncio.sleep(duration)
    for led in leds:
        led.off()
    print("Done")


asyncio.run(main(10))
