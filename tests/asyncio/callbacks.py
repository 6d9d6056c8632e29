# pinloop: --clock virtual
# The loop's callbacks in pinloop: in virtual time, with the default
# exception handler (MicroPython's format), from run_forever, and a
# SystemExit in a callback ending the program as it would from a task.
import asyncio
import time


def boom(what):
    raise ValueError(what)


def tick(loop, n):
    print("tick", n, time.ticks_ms())
    if n < 3:
        loop.call_later(0.25, tick, loop, n + 1)
    else:
        loop.stop()


loop = asyncio.get_event_loop()
print("time() follows the virtual clock:", loop.time() == time.ticks_ms() / 1000)
loop.call_soon(tick, loop, 1)
loop.call_soon(boom, "from a callback")
loop.run_forever()
print("run_forever returned at", time.ticks_ms())


async def main():
    # A callback queued for a time already past runs as soon as possible.
    loop.call_at(loop.time() - 10, print, "past deadline")
    handle = loop.call_later(1, print, "cancelled")
    print(handle)
    handle.cancel()
    print(handle, handle.cancelled())
    await asyncio.sleep(2)
    try:
        loop.call_later(1, 42)
    except TypeError as exc:
        print("TypeError:", exc)
    loop.call_later(0.5, sys_exit)
    await asyncio.sleep(10)
    print("not reached")


def sys_exit():
    raise SystemExit(3)


asyncio.run(main())
