# pinloop: --clock virtual
# Harness for the 2.2.3 line (tutorial_s2_2_3_line0337.py, unchanged): run
# as a coroutine's body with a `my_task` that returns a value after a
# second; `result` receives it.
import asyncio
import fragment


async def my_task():
    await asyncio.sleep(1)
    return "my_task's value"


namespace = {"my_task": my_task}
asyncio.run(fragment.coroutine("tutorial_s2_2_3_line0337.py", namespace))
fragment.at("result = {!r}".format(namespace["result"]))
