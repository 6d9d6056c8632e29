# SuperFastPython, "Example of an Asyncio Event". Line breaks and indentation restored (the page's text extraction flattened the code onto one line behind its line numbers); the code is otherwise as published.
...
# create and run the tasks
tasks = [asyncio.create_task(task(event, i)) for i in range(5)]
