# pinloop: --clock virtual
# The tutorial's section 10 technique (micropython-async THREADING.md): a
# blocking function runs in another thread; the task that needs its result
# awaits a ThreadSafeFlag the thread sets, while the other tasks run on.
import asyncio
import _thread
import time


def blocking(flag, result, n):
    # Stands for a call that blocks (a slow driver, a network library).
    total = 0
    for i in range(n):
        total += i * i
    time.sleep(0.2)
    result.append((total, _thread.get_ident() != MAIN))
    flag.set()


async def ticker(counts):
    while True:
        counts[0] += 1
        await asyncio.sleep_ms(10)


async def main():
    counts = [0]
    asyncio.create_task(ticker(counts))
    flag = asyncio.ThreadSafeFlag()
    result = []
    _thread.start_new_thread(blocking, (flag, result, 10000))
    await flag.wait()
    total, other_thread = result[0]
    print("result", total, "computed in another thread:", other_thread)
    # Tickets every 10 ms across the thread's 200 ms: the loop was not held.
    print("the other task ran meanwhile:", counts[0] >= 5)


MAIN = _thread.get_ident()
asyncio.run(main())
