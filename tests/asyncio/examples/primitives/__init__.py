"""Our stand-in for the tutorial's third-party `primitives` package, for the
examples that import from it (tutorial 3.4 Semaphore, 3.5 Queue). The
tutorial documents these classes as having CPython's asyncio API, so the
stand-in is pinloop's own CPython-style primitives under the package's
names. Only what the examples use is here."""

from asyncio import BoundedSemaphore, Queue, QueueEmpty, QueueFull, Semaphore

__all__ = ["BoundedSemaphore", "Queue", "QueueEmpty", "QueueFull", "Semaphore"]
