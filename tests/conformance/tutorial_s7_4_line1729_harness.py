# pinloop: --clock virtual
# Harness for the 7.4 test task `rr` (tutorial_s7_4_line1729.py, unchanged):
# two instances beside a driver-like task that yields every 10 ms; the
# dummies print in turn while it waits, showing that it yields. Their
# lines are folded: the harness's `print` counts them and checks they
# alternate. (Virtual time: 10,000 steps without idling take the clock to
# the next deadline, so each 10 ms wait sees 5,000 lines from each dummy.)
import asyncio
import fragment

lines = []


def fold(*args):
    lines.append(" ".join(str(a) for a in args))


namespace = fragment.run("tutorial_s7_4_line1729.py", {"asyncio": asyncio, "print": fold})


async def driver():
    for n in range(2):
        await asyncio.sleep_ms(10)
        fragment.at("driver step {}".format(n))


async def main():
    asyncio.create_task(namespace["rr"](1))
    asyncio.create_task(namespace["rr"](2))
    await driver()
    print(lines[:2], "...", len(lines), "lines")
    print("they alternate:", all(line == ("Roundrobin  1", "Roundrobin  2")[i % 2]
                                 for i, line in enumerate(lines)))


asyncio.run(main())
