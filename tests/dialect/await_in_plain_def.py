# `await` inside a plain def is accepted and makes it a generator, as in
# MicroPython (the tutorial's MillisecTimer.__iter__).
from drive import run


class Reader:
    async def read(self, n):
        yield_point = Pause()
        await yield_point
        return "a" * n


class Pause:
    def __iter__(self):
        yield "paused"


class Timer:
    def __init__(self):
        self.reader = Reader()

    def __iter__(self):
        data = await self.reader.read(2)
        print("read", data)


def plain():
    return 1


def with_await():
    await Pause()
    return 2


print(type(plain()).__name__, type(with_await()).__name__)
print(run(with_await()))


async def main():
    await Timer()
    await Timer()
    return "done"


print(run(main()))
