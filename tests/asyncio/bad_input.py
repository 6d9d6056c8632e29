# pinloop: --clock virtual
# Misuse raises what MicroPython raises, with a message that says what to do.
import asyncio


class NotAwaitable:
    pass


async def awaits_nothing():
    await NotAwaitable()


async def main():
    try:
        await asyncio.create_task(awaits_nothing())
    except TypeError as exc:
        print("TypeError:", exc)
    for bad in (42, print):
        try:
            asyncio.create_task(bad)
        except TypeError as exc:
            print("TypeError:", exc)
    for sleeper, arg in ((asyncio.sleep, "1"), (asyncio.sleep_ms, 1.5), (asyncio.sleep, None)):
        try:
            await sleeper(arg)
        except TypeError as exc:
            print("TypeError:", exc)
    try:
        asyncio.Lock().release()
    except RuntimeError as exc:
        print("RuntimeError:", exc)
    for cls in (asyncio.Event, asyncio.Lock, asyncio.ThreadSafeFlag):
        try:
            cls(1)
        except TypeError as exc:
            print("TypeError:", cls.__name__, exc)


asyncio.run(main())
try:
    asyncio.current_task()
except RuntimeError as exc:
    print("RuntimeError:", exc)


async def by_hand():
    await asyncio.sleep(1)


try:
    by_hand().send(None)
except RuntimeError as exc:
    print("RuntimeError:", exc)


async def interrupted():
    await asyncio.sleep(0)
    raise KeyboardInterrupt


async def bystander():
    try:
        await asyncio.sleep(10)
    finally:
        print("not reached: KeyboardInterrupt does not cancel other tasks")


async def top():
    asyncio.create_task(bystander())
    await asyncio.create_task(interrupted())
    print("not reached")


try:
    asyncio.run(top())
except KeyboardInterrupt:
    print("KeyboardInterrupt reached the outermost scope")
