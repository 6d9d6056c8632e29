# pinloop: --clock virtual
# Harness for the 2.2 fragment (tutorial_s2_2_line0250.py, unchanged): two
# awaits, the lines of a coroutine, run as one with `delay_secs` = 2 beside
# a task that ticks every 0.5 s: the first sleep lets it run for the two
# seconds, the zero sleep lets it run once more.
import asyncio
import fragment


async def ticker():
    while True:
        fragment.at("tick")
        await asyncio.sleep(0.5)


async def main():
    asyncio.create_task(ticker())
    await fragment.coroutine("tutorial_s2_2_line0250.py",
                             {"asyncio": asyncio, "delay_secs": 2})
    fragment.at("fragment done")


asyncio.run(main())
