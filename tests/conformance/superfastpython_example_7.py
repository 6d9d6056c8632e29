# SuperFastPython, "Example of an Asyncio Event". Line breaks and indentation restored (the page's text extraction flattened the code onto one line behind its line numbers); the code is otherwise as published.
...
print('Main blocking...')
await asyncio.sleep(0)
# start processing in all tasks
print('Main setting the event')
event.set()
