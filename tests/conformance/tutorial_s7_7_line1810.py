loop = asyncio.get_event_loop()
loop.create_task(my_task())
