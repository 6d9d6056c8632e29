import asyncio
from primitives import Semaphore

async def foo(n, sema):
    print('foo {} waiting for semaphore'.format(n))
    async with sema:
        print('foo {} got semaphore'.format(n))
        await asyncio.sleep_ms(200)

async def main():
    sema = Semaphore()
    tasks = [None] * 3  # For CPython compaibility must store a reference see 2.2 Note
    for num in range(3):
        tasks[num] = asyncio.create_task(foo(num, sema))
    await asyncio.sleep(2)

asyncio.run(main())
