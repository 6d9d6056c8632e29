# pinloop: --clock virtual
# Harness for the 3.2.1 WaitAll fragment (tutorial_s3_2_1_line0580.py,
# unchanged), the lines of a coroutine, with `Event` and the stand-in
# primitives; this harness's tasks set evt1 at 1 s and evt2 at 2 s: the
# fragment continues only after both.
import asyncio
import fragment

namespace = {"Event": asyncio.Event}


async def trigger(name, delay):
    await asyncio.sleep(delay)
    fragment.at("setting " + name)
    namespace[name].set()


async def main():
    asyncio.create_task(trigger("evt1", 1))
    asyncio.create_task(trigger("evt2", 2))
    await fragment.coroutine("tutorial_s3_2_1_line0580.py", namespace)
    fragment.at("WaitAll returned")


asyncio.run(main())
