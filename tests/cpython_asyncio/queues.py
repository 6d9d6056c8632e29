# pinloop: --clock virtual
# asyncio.Queue, LifoQueue, PriorityQueue as CPython 3.11 documents them;
# the expected output is CPython's (scripts/cpython-crosscheck).
import asyncio


async def producer(queue, items):
    for item in items:
        await queue.put(item)
        print("put", item, "qsize", queue.qsize(), "full", queue.full())


async def consumer(name, queue, results):
    while True:
        item = await queue.get()
        results.append((name, item))
        queue.task_done()


async def main():
    queue = asyncio.Queue(maxsize=2)
    print(queue.maxsize, queue.empty(), queue.full(), queue)
    results = []
    consumers = [asyncio.create_task(consumer(n, queue, results)) for n in ("c1", "c2")]
    await producer(queue, range(6))
    await queue.join()
    print("joined", results)
    for c in consumers:
        c.cancel()
    await asyncio.gather(*consumers, return_exceptions=True)

    q = asyncio.Queue(1)
    q.put_nowait("a")
    print(q)
    try:
        q.put_nowait("b")
    except asyncio.QueueFull:
        print("QueueFull")
    print(q.get_nowait())
    try:
        q.get_nowait()
    except asyncio.QueueEmpty:
        print("QueueEmpty")
    try:
        q.task_done()
        q.task_done()
    except ValueError as exc:
        print("ValueError:", exc)

    lifo = asyncio.LifoQueue()
    prio = asyncio.PriorityQueue()
    for item in (3, 1, 2):
        lifo.put_nowait(item)
        prio.put_nowait((item, "p%d" % item))
    print([lifo.get_nowait() for _ in range(3)], [prio.get_nowait() for _ in range(3)])

    # A getter cancelled while waiting does not swallow an item.
    q = asyncio.Queue()
    getter = asyncio.create_task(q.get())
    other = asyncio.create_task(q.get())
    await asyncio.sleep(0)
    getter.cancel()
    q.put_nowait("x")
    await asyncio.sleep(0)
    print("other got", await other, "getter cancelled", getter.cancelled())

    # put waits while full, in order.
    q = asyncio.Queue(1)
    await q.put(0)
    waiting = [asyncio.create_task(q.put(i)) for i in (1, 2)]
    await asyncio.sleep(0)
    print([await q.get() for _ in range(3)])
    await asyncio.gather(*waiting)


asyncio.run(main())
