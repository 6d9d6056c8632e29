# pinloop: --clock virtual
# Harness for the 2.2 fragment `bar` (tutorial_s2_2_line0222.py, unchanged):
# run as a task, it prints Done after its one-second sleep.
import asyncio
import fragment

namespace = fragment.run("tutorial_s2_2_line0222.py", {"asyncio": asyncio})


async def main():
    fragment.at("start")
    await namespace["bar"]()
    fragment.at("bar returned")


asyncio.run(main())
