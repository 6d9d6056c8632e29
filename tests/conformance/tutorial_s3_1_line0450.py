from asyncio import Lock
lock = Lock()
