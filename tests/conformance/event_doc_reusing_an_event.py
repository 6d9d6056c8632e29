# Event document, "Reusing an event". Line breaks and indentation restored (lost in text extraction); the code is otherwise as published.
async def worker(go):
    while True:
        await go.wait()
        do_one_unit_of_work()
        go.clear()
