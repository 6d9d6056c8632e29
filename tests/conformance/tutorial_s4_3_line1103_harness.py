# pinloop: --clock virtual
# Harness for the 4.3 methods (tutorial_s4_3_line1103.py, unchanged), the
# body of a class whose base supplies the `acquire` coroutine and the
# synchronous `release` they call: `async with` acquires on entry, returns
# the instance for `as`, and releases on exit, also when the body raises.
import asyncio
import fragment


class Base:
    def __init__(self):
        self.held = False

    async def acquire(self):
        await asyncio.sleep(0.1)
        self.held = True
        fragment.at("acquired")

    def release(self):
        self.held = False
        fragment.at("released")


Guard = fragment.class_with_body("tutorial_s4_3_line1103.py", "Guard", Base, {})


async def main():
    guard = Guard()
    async with guard as obj:
        print("as-variable is the instance:", obj is guard, "held:", guard.held)
    try:
        async with guard:
            raise ValueError("raised inside")
    except ValueError as error:
        print("after the exception:", error, "held:", guard.held)


asyncio.run(main())
