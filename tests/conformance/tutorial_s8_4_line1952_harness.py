# pinloop: --clock virtual
# Harness for the 8.4 task `hello` (tutorial_s8_4_line1952.py, unchanged):
# ten messages at one-second intervals, while another task runs between them.
import asyncio
import fragment

namespace = fragment.run("tutorial_s8_4_line1952.py", {"asyncio": asyncio})


async def other():
    while True:
        await asyncio.sleep(2.4)
        fragment.at("other task")


async def main():
    asyncio.create_task(other())
    await namespace["hello"]()
    fragment.at("hello returned")


asyncio.run(main())
