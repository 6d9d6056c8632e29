# pinloop: --clock virtual
# Harness for a 7.7 line (tutorial_s7_7_line1801.py, unchanged): the CPython 3.5+ form, loop.run_until_complete.
# `my_task` is the harness's: it prints, sleeps a second and prints.
import asyncio
import fragment


async def my_task():
    fragment.at("my_task started")
    await asyncio.sleep(1)
    fragment.at("my_task finished")


fragment.run("tutorial_s7_7_line1801.py", {"asyncio": asyncio, "my_task": my_task})
