asyncio.run(my_task())
