# A deep chain of awaits recurses on the VM thread's native stack: 900
# levels must work, and a runaway chain must end in RecursionError.
async def leaf():
    return 1


async def chain(n):
    if n == 0:
        return await leaf()
    return await chain(n - 1) + 1


try:
    chain(900).send(None)
except StopIteration as stop:
    print("depth 900:", stop.value)


async def runaway(n):
    return await runaway(n + 1)


try:
    runaway(0).send(None)
except RecursionError:
    print("runaway chain: RecursionError")
