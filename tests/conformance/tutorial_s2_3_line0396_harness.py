# pinloop: --clock virtual
# Harness for the 2.3 fragment `foo` (tutorial_s2_3_line0396.py, unchanged):
# foo(1, 500) prints Hello after one second and returns half a second later.
import asyncio
import fragment

namespace = fragment.run("tutorial_s2_3_line0396.py", {"asyncio": asyncio})


async def main():
    await namespace["foo"](1, 500)
    fragment.at("foo returned")


asyncio.run(main())
