# pinloop: --clock virtual
# Harness for the section 7.2 fragment (tutorial_s7_2_line1701.py, unchanged),
# which defines test() without calling it. A task created before test() is
# still sleeping when test()'s asyncio.run ends: the state asyncio retains.
# test() clears it with new_event_loop(), so the next run does not resume
# that task (without the clearing it would print at 10 s).
import asyncio
import time

from tutorial_s7_2_line1701 import test


async def stale():
    print("stale task started at", time.ticks_ms(), "ms")
    await asyncio.sleep(10)
    print("stale task resumed: the retained state was not cleared")


async def later():
    await asyncio.sleep(20)
    print("next run ended at", time.ticks_ms(), "ms")


asyncio.create_task(stale())
test()
print("test() ran main() for", time.ticks_ms(), "ms")
asyncio.run(later())
