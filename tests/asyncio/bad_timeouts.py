# pinloop: --clock virtual
# A bad delay or timeout raises in the caller at once, before anything waits:
# TypeError for what is not a number, and for nan and inf what MicroPython's
# sleep_ms(int(t * 1000)) conversion raises. The awaitable never starts.
import asyncio

started = []


async def work():
    started.append(1)
    await asyncio.sleep(0.01)
    return "done"


async def main():
    nan, inf = float("nan"), float("inf")
    cases = (
        ("sleep", lambda t: asyncio.sleep(t), ("x", nan, inf, -inf)),
        ("sleep_ms", lambda t: asyncio.sleep_ms(t), ("x", 1.5)),
        ("wait_for", lambda t: asyncio.wait_for(work(), t), ("x", nan, inf, -inf)),
        ("wait_for_ms", lambda t: asyncio.wait_for_ms(work(), t), ("x", 2.5)),
    )
    for name, call, values in cases:
        for value in values:
            t0 = asyncio.get_event_loop().time()
            try:
                print(name, repr(value), "->", await call(value))
            except Exception as exc:
                waited = asyncio.get_event_loop().time() - t0
                print(name, repr(value), "->", type(exc).__name__ + ":", exc, "after", round(waited, 3))
    await asyncio.sleep(0.1)
    print("awaitables started:", len(started))
    # Good timeouts still work; half the ticks period or more (about 6.2
    # days) is MicroPython's OverflowError, in the caller.
    print(await asyncio.wait_for(work(), 3600))
    print(await asyncio.wait_for_ms(work(), 2**29 - 1))
    for call in (lambda: asyncio.wait_for(work(), 1e30), lambda: asyncio.wait_for_ms(work(), 10**40),
                 lambda: asyncio.sleep(2**29 / 1000), lambda: asyncio.sleep_ms(2**29)):
        try:
            await call()
        except OverflowError as exc:
            print("OverflowError:", exc)
    t0 = asyncio.get_event_loop().time()
    try:
        await asyncio.wait_for(work(), 0.001)
    except asyncio.TimeoutError:
        print("TimeoutError after", round(asyncio.get_event_loop().time() - t0, 3))


asyncio.run(main())
