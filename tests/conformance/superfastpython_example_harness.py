# pinloop: --clock virtual
# Harness for the eight fragments of SuperFastPython's "Example of an
# Asyncio Event" (superfastpython_example_N.py), each run as the text builds
# the program: 1, the empty task coroutine (its body only a comment, which
# no Python compiles; with `pass` there it runs); 2 and 3, the lines of a
# task with `event`, `number` and `random` given; 4, the complete task
# coroutine; 5 to 8, the lines of main, in turn, sharing their names.
# random() is seeded (the example prints random values).
import asyncio
import fragment
import random

random.seed(1)
fragment.compiles("superfastpython_example_1.py")
fragment.run_completed("superfastpython_example_1.py", {})


async def lines_of_a_task():
    namespace = {"asyncio": asyncio, "event": asyncio.Event(), "number": 7,
                 "random": random.random}
    namespace["event"].set()
    await fragment.coroutine("superfastpython_example_2.py", namespace)
    await fragment.coroutine("superfastpython_example_3.py", namespace)


asyncio.run(lines_of_a_task())

namespace = fragment.run("superfastpython_example_4.py",
                         {"asyncio": asyncio, "random": random.random})


async def main():
    for n in (5, 6, 7, 8):
        await fragment.coroutine("superfastpython_example_{}.py".format(n), namespace)
    done, pending = namespace["_"]
    print(len(done), "done,", len(pending), "pending")


asyncio.run(main())
