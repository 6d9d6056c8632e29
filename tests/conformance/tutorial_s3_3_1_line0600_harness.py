# pinloop: --clock virtual
# Harness for the 3.3.1 call signature (tutorial_s3_3_1_line0600.py,
# unchanged), a coroutine's line, with `awaitables` a task and two
# coroutines: `res` lists their results in the order given, once the
# longest has finished.
import asyncio
import fragment


async def value_after(value, delay):
    await asyncio.sleep(delay)
    return value


async def main():
    namespace = {"asyncio": asyncio, "awaitables": [
        asyncio.create_task(value_after("task", 2)), value_after("coro a", 1),
        value_after("coro b", 0.5)]}
    await fragment.coroutine("tutorial_s3_3_1_line0600.py", namespace)
    fragment.at("res = {}".format(namespace["res"]))


asyncio.run(main())
