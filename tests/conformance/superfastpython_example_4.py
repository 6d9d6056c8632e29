# SuperFastPython, "Example of an Asyncio Event". Line breaks and indentation restored (the page's text extraction flattened the code onto one line behind its line numbers); the code is otherwise as published.
# task coroutine
async def task(event, number):
    # wait for the event to be set
    await event.wait()
    # generate a random value between 0 and 1
    value = random()
    # block for a moment
    await asyncio.sleep(value)
    # report a message
    print(f'Task {number} got {value}')
