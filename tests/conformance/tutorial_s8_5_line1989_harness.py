# pinloop: --clock virtual
# Harness for the 8.5 loop (tutorial_s8_5_line1989.py, unchanged): as
# printed its body is only a comment, which no Python compiles; with `pass`
# there it runs, here as the body of a task beside a ticker due every
# millisecond: the ticker gets no turn until the million passes are done.
import asyncio
import fragment

ticks = []


async def ticker():
    while True:
        await asyncio.sleep_ms(1)
        ticks.append(1)


namespace = {}


async def main():
    asyncio.create_task(ticker())
    await asyncio.sleep(0)
    await fragment.coroutine("tutorial_s8_5_line1989.py", namespace, complete=True)
    print("loop finished with x = {}; ticker turns meanwhile: {}".format(
        namespace["x"], len(ticks)))
    await asyncio.sleep_ms(5)
    print("the ticker runs again after it:", len(ticks) > 0)


fragment.compiles("tutorial_s8_5_line1989.py")
asyncio.run(main())
