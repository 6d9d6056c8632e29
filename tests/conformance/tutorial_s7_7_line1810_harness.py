# pinloop: --clock virtual
# Harness for a 7.7 line (tutorial_s7_7_line1810.py, unchanged): the loop.create_task form: issued before the loop runs, the task starts when it does.
# `my_task` is the harness's: it prints, sleeps a second and prints.
import asyncio
import fragment


async def my_task():
    fragment.at("my_task started")
    await asyncio.sleep(1)
    fragment.at("my_task finished")


fragment.run("tutorial_s7_7_line1810.py", {"asyncio": asyncio, "my_task": my_task})
print("created; running the loop")


async def main():
    await asyncio.sleep(2)


asyncio.run(main())
