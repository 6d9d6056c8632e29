# pinloop: --clock virtual
# Harness for the 5.2.3 fragment `bar` (tutorial_s5_2_3_line1348.py,
# unchanged): bar and cancel_me both await the running task foo; cancelling
# cancel_me cancels foo too ("the cancellation will propagate to foo"), so
# bar sees CancelledError as well.
import asyncio
import fragment

namespace = fragment.run("tutorial_s5_2_3_line1348.py")


async def long_running():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        fragment.at("foo cancelled")
        raise


async def cancel_me():
    await namespace["foo"]


async def watch(name, coro):
    try:
        await coro
    except asyncio.CancelledError:
        fragment.at(name + " ended by CancelledError")


async def main():
    namespace["foo"] = asyncio.create_task(long_running())
    asyncio.create_task(watch("bar", namespace["bar"]()))
    victim = asyncio.create_task(cancel_me())
    await asyncio.sleep(1)
    victim.cancel()
    await asyncio.sleep(1)
    print("foo done:", namespace["foo"].done())


asyncio.run(main())
