async def foo():
    await coro
