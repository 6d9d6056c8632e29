await asyncio.sleep(delay_secs)
await asyncio.sleep(0)
