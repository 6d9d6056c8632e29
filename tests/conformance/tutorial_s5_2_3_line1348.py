async def bar():
    await foo
    # more code
