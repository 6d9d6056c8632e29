    await asyncio.sleep_ms(t)
    # next line
