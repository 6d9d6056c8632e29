"""Our stand-in for `my_app`, the application module tutorial 2.2.4 leaves
to the reader: MyClass's constructor creates a task (a heartbeat every
second), foo() is a task that fails after 2.5 s, and run_forever() never
returns. The example's exception handler prints foo's exception and ends
the program."""

import asyncio


class MyClass:
    def __init__(self):
        self.beats = 0
        asyncio.create_task(self._heartbeat())

    async def _heartbeat(self):
        while True:
            await asyncio.sleep(1)
            self.beats += 1
            print("heartbeat", self.beats)

    async def foo(self):
        await asyncio.sleep(2.5)
        raise ValueError("foo failed after {} heartbeats".format(self.beats))

    async def run_forever(self):
        while True:
            await asyncio.sleep(10)
