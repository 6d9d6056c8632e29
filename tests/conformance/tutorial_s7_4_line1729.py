async def rr(n):
    while True:
        print('Roundrobin ', n)
        await asyncio.sleep(0)
