# pinloop: --clock virtual
# Harness for the 5.2.1 class Foo (tutorial_s5_2_1_line1309.py, unchanged;
# its run() ends where the code is omitted). run() stores the task running
# it, which another task can then cancel through Foo.cancel: here a Foo
# whose run, after storing the task, sleeps for ten seconds.
import asyncio
import fragment

namespace = fragment.run("tutorial_s5_2_1_line1309.py", {"asyncio": asyncio})
Foo = namespace["Foo"]


class SleepyFoo(Foo):
    async def run(self):
        await super().run()
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            fragment.at("run cancelled")
            raise


async def main():
    foo = SleepyFoo()
    task = asyncio.create_task(foo.run())
    await asyncio.sleep(1)
    print("foo.task is the task:", foo.task is task)
    foo.cancel()
    await asyncio.sleep(0)
    print("task done:", task.done())


asyncio.run(main())
