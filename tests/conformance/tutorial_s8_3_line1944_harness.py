# pinloop: --clock virtual
# Harness for the 8.3 line (tutorial_s8_3_line1944.py, unchanged, with its
# two comment lines): execution passes to the tasks, and continues after it
# only once main() terminates.
import asyncio
import fragment


async def task(n):
    await asyncio.sleep(n)
    fragment.at("task {} done".format(n))


async def main():
    asyncio.create_task(task(1))
    await task(2)


fragment.run("tutorial_s8_3_line1944.py", {"asyncio": asyncio, "main": main})
fragment.at("continues here")
