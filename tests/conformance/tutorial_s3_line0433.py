from primitives import Semaphore, BoundedSemaphore
from primitives import Queue
