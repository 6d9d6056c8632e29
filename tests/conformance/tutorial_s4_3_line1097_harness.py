# pinloop: --clock virtual
# Harness for the 4.3 fragment `bar` (tutorial_s4_3_line1097.py, unchanged)
# with an asyncio.Lock: two bars in turn hold the lock; while one does, the
# other waits.
import asyncio
import fragment

namespace = fragment.run("tutorial_s4_3_line1097.py")


async def holder(lock):
    async with lock:
        fragment.at("holder has the lock")
        await asyncio.sleep(1)
    fragment.at("holder released it")


async def main():
    lock = asyncio.Lock()
    asyncio.create_task(holder(lock))
    await asyncio.sleep(0)
    await namespace["bar"](lock)
    fragment.at("bar done; locked = {}".format(lock.locked()))


asyncio.run(main())
