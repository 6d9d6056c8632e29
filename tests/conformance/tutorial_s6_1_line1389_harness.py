# pinloop: --clock virtual
# Harness for the 6.1 lines (tutorial_s6_1_line1389.py, unchanged, indented
# as in the text), a coroutine's body with `t` = 30: the pause lasts at
# least t ms; with another task hogging the CPU for 50 ms at a time it lasts
# until that task yields, so longer.
import asyncio
import fragment
import time


async def hog():
    for _ in range(2):
        time.sleep_ms(50)  # blocks: no other task runs meanwhile
        await asyncio.sleep(0)


async def main():
    await fragment.coroutine("tutorial_s6_1_line1389.py", {"asyncio": asyncio, "t": 30})
    fragment.at("alone: resumed")
    asyncio.create_task(hog())
    await fragment.coroutine("tutorial_s6_1_line1389.py", {"asyncio": asyncio, "t": 30})
    fragment.at("beside a 50 ms hog: resumed")


asyncio.run(main())
