async def foo(device):
    sr = StreamReader(device)
    data = sr.read(20)
