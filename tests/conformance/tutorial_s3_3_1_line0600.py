res = await asyncio.gather(*awaitables, return_exceptions=False)
