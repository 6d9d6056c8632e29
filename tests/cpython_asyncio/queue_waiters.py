# pinloop: --clock virtual
# asyncio queues with waiting tasks: arrival order, cancelled getters and
# putters passing their wake-up on, join(), PriorityQueue's order among
# equal priorities (heapq's), the repr; the expected output is CPython
# 3.11's (scripts/cpython-crosscheck).
import asyncio
import random


class Job:
    """Compared by priority only, so equal priorities show heapq's order."""

    def __init__(self, priority, name):
        self.priority, self.name = priority, name

    def __lt__(self, other):
        return self.priority < other.priority

    def __repr__(self):
        return "%s:%s" % (self.priority, self.name)


async def getter(name, queue, log):
    try:
        log.append((name, await queue.get()))
    except asyncio.CancelledError:
        log.append((name, "cancelled"))


async def putter(name, queue, item, log):
    try:
        await queue.put(item)
        log.append((name, "put", item))
    except asyncio.CancelledError:
        log.append((name, "cancelled"))


async def main():
    # Getters are served in arrival order; one cancelled after its wake-up
    # passes the item on to the next getter.
    queue = asyncio.Queue()
    log = []
    getters = [asyncio.create_task(getter("g%d" % i, queue, log)) for i in range(4)]
    await asyncio.sleep(0)
    print(queue)
    queue.put_nowait("a")
    getters[0].cancel()
    queue.put_nowait("b")
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print(log, queue)
    getters[3].cancel()
    queue.put_nowait("c")
    await asyncio.gather(*getters)
    print(log, queue)

    # Putters wait while the queue is full, in arrival order.
    queue = asyncio.Queue(1)
    log = []
    putters = [asyncio.create_task(putter("p%d" % i, queue, i, log)) for i in range(4)]
    await asyncio.sleep(0)
    print(queue, queue.full())
    print(queue.get_nowait())
    putters[1].cancel()
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print(log, queue)
    while not all(p.done() for p in putters):
        print("got", await queue.get())
    print(log, queue, queue.qsize())

    # join() waits for task_done() of every item.
    queue = asyncio.Queue()
    for i in range(3):
        queue.put_nowait(i)

    async def worker():
        while True:
            item = await queue.get()
            await asyncio.sleep(0.01 * item)
            print("processed", item)
            queue.task_done()

    worker_task = asyncio.create_task(worker())
    await queue.join()
    print("joined", queue)
    await queue.join()
    print("join of a finished queue returns at once")
    worker_task.cancel()

    # PriorityQueue: heapq's order, equal priorities included.
    rng = random.Random(7)
    queue = asyncio.PriorityQueue()
    for i in range(40):
        queue.put_nowait(Job(rng.randrange(5), "j%d" % i))
    print([queue.get_nowait() for _ in range(20)])
    for i in range(10):
        queue.put_nowait(Job(rng.randrange(5), "k%d" % i))
    print([queue.get_nowait() for _ in range(queue.qsize())])
    try:
        queue.put_nowait(1)
        queue.put_nowait("x")
    except TypeError:
        print("TypeError: items that cannot be compared")
    lifo = asyncio.LifoQueue(2)
    lifo.put_nowait(1)
    lifo.put_nowait(2)
    print(lifo, lifo.full(), lifo.get_nowait(), lifo.get_nowait())
    print(isinstance(lifo, asyncio.Queue), asyncio.Queue(maxsize=-1).full())


asyncio.run(main())
