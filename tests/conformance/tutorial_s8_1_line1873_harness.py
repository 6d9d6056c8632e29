# pinloop: --clock virtual --board pyboard
# Harness for the 8.1 class LED_flashable (tutorial_s8_1_line1873.py,
# unchanged), on the Pyboard's LED 1: its flash() toggles the LED in a loop
# that never waits, so nothing else could run. The harness's task, due
# after 10 ms, never gets a turn; the harness stops flash through the LED
# after 1,000 toggles, with no time having passed. (The fragment imports
# pyb itself; the harness then gives its module global `pyb` an LED class
# that counts.)
import asyncio
import fragment
import pyb
import time


class Enough(Exception):
    pass


class CountingLED:
    toggles = 0

    def __init__(self, number):
        self.led = pyb.LED(number)

    def toggle(self):
        self.led.toggle()
        CountingLED.toggles += 1
        if CountingLED.toggles == 1000:
            raise Enough


class Pyb:
    LED = CountingLED


namespace = fragment.run("tutorial_s8_1_line1873.py")
namespace["pyb"] = Pyb
ran = []


async def other():
    await asyncio.sleep_ms(10)
    ran.append(True)


async def main():
    asyncio.create_task(other())
    start = time.ticks_ms()
    try:
        namespace["LED_flashable"](1).flash(500)
    except Enough:
        print("flash stopped after", CountingLED.toggles, "toggles in",
              time.ticks_diff(time.ticks_ms(), start), "ms; the other task ran:", bool(ran))


asyncio.run(main())
