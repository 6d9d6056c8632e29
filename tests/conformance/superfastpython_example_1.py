# SuperFastPython, "Example of an Asyncio Event". Line breaks and indentation restored (the page's text extraction flattened the code onto one line behind its line numbers); the code is otherwise as published.
# task coroutine
async def task(event, number):
    # ...
