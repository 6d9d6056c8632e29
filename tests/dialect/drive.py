# Drives a coroutine by hand (asyncio is not needed): prints each value it
# yields and returns its result.
def run(coro, sends=None):
    value = None
    sends = list(sends or [])
    while True:
        try:
            yielded = coro.send(value)
        except StopIteration as stop:
            return stop.value
        print("  yielded", yielded)
        value = sends.pop(0) if sends else None
