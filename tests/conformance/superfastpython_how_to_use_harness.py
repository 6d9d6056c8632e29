# pinloop: --clock virtual
# Harness for the five fragments of SuperFastPython's "How to Use an
# Asyncio Event" (superfastpython_how_to_use_N.py), run in turn as the lines
# of one coroutine sharing its names, as the text reads them: create, check
# (as printed its if-block holds only a comment, which no Python compiles;
# with `pass` there it runs), set, clear, and wait, which another task ends
# by setting the event after a second.
import asyncio
import fragment

namespace = {"asyncio": asyncio}


async def setter():
    await asyncio.sleep(1)
    fragment.at("another task sets the event")
    namespace["event"].set()


async def main():
    await fragment.coroutine("superfastpython_how_to_use_1.py", namespace)
    print("created; is_set:", namespace["event"].is_set())
    fragment.compiles("superfastpython_how_to_use_2.py")
    await fragment.coroutine("superfastpython_how_to_use_2.py", namespace, complete=True)
    await fragment.coroutine("superfastpython_how_to_use_3.py", namespace)
    print("set; is_set:", namespace["event"].is_set())
    await fragment.coroutine("superfastpython_how_to_use_4.py", namespace)
    print("cleared; is_set:", namespace["event"].is_set())
    asyncio.create_task(setter())
    await fragment.coroutine("superfastpython_how_to_use_5.py", namespace)
    fragment.at("wait returned; is_set: {}".format(namespace["event"].is_set()))


asyncio.run(main())
