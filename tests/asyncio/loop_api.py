# pinloop: --clock virtual
# Task.data while waiting and when done; a wait run as a task; the loop's
# call_exception_handler, default_exception_handler and close.
import asyncio


async def main():
    event = asyncio.Event()
    task = asyncio.create_task(event.wait())
    await asyncio.sleep(0)
    print("data while waiting is the event:", task.data is event)
    event.set()
    await asyncio.sleep(0)
    print("data when done:", task.data, task.done())
    loop = asyncio.get_event_loop()
    context = {"message": "a message", "exception": ValueError("x"), "future": task}
    loop.call_exception_handler(context)
    loop.default_exception_handler({"message": "only a message"})
    loop.set_exception_handler(lambda loop, context: print("custom:", context["message"]))
    loop.call_exception_handler(context)
    loop.set_exception_handler(None)
    loop.close()
    print("closed")


asyncio.run(main())
