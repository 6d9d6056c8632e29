# pinloop: --clock real --board pyboard
# Harness for the 8.4 coroutine `bad_code` (tutorial_s8_4_line1961.py, unchanged):
# the global `flag` is set by a hard interrupt (pyb.Timer at 10 Hz, first
# tick after 100 ms) while bad_code waits for it beside a task that counts its
# turns. The harness prints whether that task got a turn meanwhile.
import asyncio
import fragment
import pyb

namespace = fragment.run("tutorial_s8_4_line1961.py", {"asyncio": asyncio, "flag": False})
turns = 0


def isr(timer):
    namespace["flag"] = True
    timer.deinit()


async def counter():
    global turns
    while True:
        turns += 1
        await asyncio.sleep(0)


async def main():
    asyncio.create_task(counter())
    await asyncio.sleep(0)
    before = turns
    pyb.Timer(1, freq=10, callback=isr)
    await namespace["bad_code"]()
    print("bad_code returned, flag {}; the other task had turns meanwhile: {}".format(
        namespace["flag"], turns > before))


asyncio.run(main())
