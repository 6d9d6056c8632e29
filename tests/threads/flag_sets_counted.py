# Many threads each set one ThreadSafeFlag and wait for the task's
# acknowledgement before setting it again. A flag folds sets that come
# before the task looks into one wake-up, so each thread also records its
# set; the task must account for every one.
import asyncio
import _thread

THREADS = 4
ROUNDS = 50

flag = asyncio.ThreadSafeFlag()
pending = []  # the threads whose set the task has not acknowledged
pending_lock = _thread.allocate_lock()
acks = [_thread.allocate_lock() for _ in range(THREADS)]
for ack in acks:
    ack.acquire()
finished = []


def worker(index):
    for _ in range(ROUNDS):
        with pending_lock:
            pending.append(index)
        flag.set()
        acks[index].acquire()  # blocks until the task acknowledges
    with pending_lock:
        finished.append(index)


async def main():
    for index in range(THREADS):
        _thread.start_new_thread(worker, (index,))
    handled = [0] * THREADS
    while sum(handled) < THREADS * ROUNDS:
        await flag.wait()
        with pending_lock:
            batch = pending[:]
            pending.clear()
        for index in batch:
            handled[index] += 1
            acks[index].release()
    print("sets handled per thread:", handled)
    while len(finished) < THREADS:
        await asyncio.sleep_ms(1)
    print("threads finished:", sorted(finished))


asyncio.run(main())
