# pinloop: --clock virtual --board pyboard
# Harness for the section 6 fragment `poll_my_device` (tutorial_s6_line1365.py,
# unchanged): an ISR (here a hardware timer at 4 Hz) sets the global
# `my_flag`; the polling task finds it set and clears it, servicing the
# device once per interrupt. The harness counts the services by watching the
# flag at each interrupt: it must find the previous one serviced (the flag
# clear again), so none was missed.
import asyncio
import fragment
from pyb import Timer

namespace = fragment.run("tutorial_s6_line1365.py", {"asyncio": asyncio, "my_flag": False})
interrupts = 0
found_unserviced = 0


def isr(timer):
    global interrupts, found_unserviced
    interrupts += 1
    if namespace["my_flag"]:
        found_unserviced += 1
    namespace["my_flag"] = True


async def main():
    timer = Timer(1, freq=4, callback=isr)
    poller = asyncio.create_task(namespace["poll_my_device"]())
    await asyncio.sleep(1.1)
    timer.deinit()
    print("interrupts:", interrupts, "- found the previous one unserviced:", found_unserviced,
          "- flag now:", namespace["my_flag"])
    poller.cancel()


asyncio.run(main())
