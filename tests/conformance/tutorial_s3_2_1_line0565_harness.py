# pinloop: --clock virtual
# Harness for the 3.2.1 WaitAny fragment (tutorial_s3_2_1_line0565.py,
# unchanged), the lines of a coroutine, with `Event` and the stand-in
# primitives. The comment "Launch tasks that might trigger these events" is
# this harness's task, which sets evt2 after a second: the fragment then
# takes its else branch and clears evt2.
import asyncio
import fragment

namespace = {"Event": asyncio.Event}


async def trigger():
    await asyncio.sleep(1)
    fragment.at("setting evt2")
    namespace["evt2"].set()


async def main():
    asyncio.create_task(trigger())
    await fragment.coroutine("tutorial_s3_2_1_line0565.py", namespace)
    fragment.at("WaitAny returned evt2: {}".format(namespace["evt"] is namespace["evt2"]))
    print("evt1 set:", namespace["evt1"].is_set(), "evt2 set:", namespace["evt2"].is_set())


asyncio.run(main())
