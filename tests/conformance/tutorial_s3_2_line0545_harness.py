# pinloop: --clock virtual
# Harness for the 3.2 lines (tutorial_s3_2_line0545.py, unchanged): set then
# clear at once, with three tasks waiting on `event`: all three resume, in
# the order they began waiting (round-robin), although the event is clear
# again by the time they run.
import asyncio
import fragment

event = asyncio.Event()


async def waiter(n):
    await event.wait()
    print("waiter", n, "resumed; event.is_set() =", event.is_set())


async def main():
    for n in range(3):
        asyncio.create_task(waiter(n))
    await asyncio.sleep(1)
    fragment.run("tutorial_s3_2_line0545.py", {"event": event})
    print("set and cleared")
    await asyncio.sleep(0)


asyncio.run(main())
