async def bar():
    await asyncio.sleep(1)
    print('Done')
