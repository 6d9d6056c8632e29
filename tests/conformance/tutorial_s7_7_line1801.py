loop = asyncio.get_event_loop()
loop.run_until_complete(my_task())
