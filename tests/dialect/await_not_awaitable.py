# Awaiting an object with neither __iter__ nor __await__ is a TypeError
# raised at the await.
from drive import run


class Plain:
    pass


async def bad():
    await Plain()


try:
    run(bad())
except TypeError as exc:
    print("TypeError:", exc)


async def number():
    await 5


run(number())
