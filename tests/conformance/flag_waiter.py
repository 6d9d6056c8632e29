"""Test support for the two 8.4 harnesses (bad_code, good_code): the global
`flag` is set by a hard interrupt (pyb.Timer at 10 Hz, first tick after
100 ms) while the coroutine waits for it beside a task that counts its
turns; prints whether that task got a turn meanwhile."""

import asyncio
import fragment
import pyb

turns = 0
namespace = {}


def isr(timer):
    namespace["flag"] = True
    timer.deinit()


async def counter():
    global turns
    while True:
        turns += 1
        await asyncio.sleep(0)


async def main(name):
    asyncio.create_task(counter())
    await asyncio.sleep(0)
    before = turns
    pyb.Timer(1, freq=10, callback=isr)
    await namespace[name]()
    print("{} returned, flag {}; the other task had turns meanwhile: {}".format(
        name, namespace["flag"], turns > before))


def run(fragment_file, name):
    """Runs coroutine `name` of `fragment_file` as described above."""
    namespace.update(asyncio=asyncio, flag=False)
    fragment.run(fragment_file, namespace)  # the fragment's globals: isr sets its flag
    asyncio.run(main(name))
