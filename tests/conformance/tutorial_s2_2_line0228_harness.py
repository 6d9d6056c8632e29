# pinloop: --clock virtual
# Harness for the 2.2 fragment `foo` (tutorial_s2_2_line0228.py, unchanged),
# which awaits a `coro` the prose leaves open: here a coroutine object that
# sleeps and returns a value; foo pauses until it has completed.
import asyncio
import fragment


async def work():
    await asyncio.sleep(0.5)
    fragment.at("coro completed")
    return 42


namespace = fragment.run("tutorial_s2_2_line0228.py", {"coro": work()})


async def main():
    result = await namespace["foo"]()
    fragment.at("foo returned {}".format(result))


asyncio.run(main())
