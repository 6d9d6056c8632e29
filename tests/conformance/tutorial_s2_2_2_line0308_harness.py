# pinloop: --clock virtual
# Harness for the 2.2.2 fragment `schedule` (tutorial_s2_2_2_line0308.py,
# unchanged): the callback runs after t seconds with the given arguments.
import asyncio
import fragment

namespace = fragment.run("tutorial_s2_2_2_line0308.py", {"asyncio": asyncio})


def callback(*args, **kwargs):
    fragment.at("callback {} {}".format(args, sorted(kwargs.items())))


async def main():
    asyncio.create_task(namespace["schedule"](callback, 3, "x", 1, key="value"))
    asyncio.create_task(namespace["schedule"](callback, 1))
    await asyncio.sleep(4)


asyncio.run(main())
