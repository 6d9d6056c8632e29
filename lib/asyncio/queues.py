"""CPython's asyncio queues (MicroPython has none). Queue, QueueEmpty and
QueueFull are native (crates/pinloop-vm/src/asyncio/queue.rs): in Python
they cost 25x CPython's per item on this VM. The other orders are the
native queue with a different `_order`."""

from _pinloop_asyncio import Queue, QueueEmpty, QueueFull


class LifoQueue(Queue):
    """A queue that returns the most recently added item first."""

    _order = "lifo"


class PriorityQueue(Queue):
    """A queue that returns the smallest item first (heapq's order)."""

    _order = "priority"
