async def bad_code():
    global flag
    while not flag:
        pass
    flag = False
    # code omitted
