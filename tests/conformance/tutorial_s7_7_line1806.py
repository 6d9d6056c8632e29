asyncio.create_task(my_task())
