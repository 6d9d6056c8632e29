# pinloop: --clock virtual
# An exception in a task nobody awaits goes to the loop's exception handler
# one round later, and the loop runs on; a custom handler gets (loop,
# context); the main task's exception ends run(); tasks left queued run in
# the next run(); new_event_loop() drops them; run_forever and stop.
import asyncio
import io
import re
import sys


async def crash(msg):
    await asyncio.sleep(0)
    raise ValueError(msg)


async def ticker(name, n):
    for i in range(n):
        print(name, i)
        await asyncio.sleep_ms(10)


def handler(loop, context):
    print("handler:", context["message"], repr(context["exception"]), context["future"].done())
    print("loop is the event loop:", loop is asyncio.get_event_loop())


async def main():
    # The default handler writes to stderr; the coroutine's address varies,
    # so the report is captured and the address masked.
    saved, sys.stderr = sys.stderr, io.StringIO()
    asyncio.create_task(crash("default handler"))
    await asyncio.sleep_ms(5)
    report, sys.stderr = sys.stderr.getvalue(), saved
    print(re.sub(" at 0x[0-9a-f]+>", " at ADDRESS>", report), end="")
    loop = asyncio.get_event_loop()
    loop.set_exception_handler(handler)
    print("handler set:", loop.get_exception_handler() is handler)
    asyncio.create_task(crash("custom handler"))
    await asyncio.sleep_ms(5)
    try:
        await asyncio.create_task(crash("awaited, so not reported"))
    except ValueError as exc:
        print("awaited:", exc)
    asyncio.create_task(ticker("left over", 3))
    await asyncio.sleep_ms(15)


asyncio.run(main())
print("run returned; the ticker is still queued")


async def second():
    await asyncio.sleep_ms(30)


asyncio.run(second())
asyncio.new_event_loop().set_exception_handler(None)
asyncio.create_task(ticker("dropped", 3))
asyncio.new_event_loop()


async def stopper(loop):
    await asyncio.sleep_ms(20)
    print("stopping")
    loop.stop()


loop = asyncio.get_event_loop()
loop.create_task(stopper(loop))
loop.run_forever()
print("run_until_complete:", loop.run_until_complete(asyncio.sleep_ms(5)))


async def fails():
    await asyncio.sleep(0)
    raise KeyError("main task")


try:
    asyncio.run(fails())
except KeyError as exc:
    print("run raised", repr(exc))
asyncio.run(fails())
