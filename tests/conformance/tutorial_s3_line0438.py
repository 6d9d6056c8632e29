from asyncio import Semaphore, BoundedSemaphore
from asyncio import Queue
