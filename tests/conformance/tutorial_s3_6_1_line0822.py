import asyncio
from select import poll, POLLIN
from time import ticks_us, ticks_diff

async def foo(tsf):  # Periodically set the ThreadSafeFlag
    while True:
        await asyncio.sleep(1)
        tsf.set()

def ready(tsf, poller):  # Return a function which returns tsf status
    r = (tsf, POLLIN)
    poller.register(*r)

    def is_rdy():
        return r in poller.ipoll(0)  # Immediate return

    return is_rdy

async def test():
    tsf = asyncio.ThreadSafeFlag()
    tsk = asyncio.create_task(foo(tsf))
    mpoll = poll()
    tsf_ready = ready(tsf, mpoll)  # Create a ready function
    for _ in range(25):  # Run for 5s
        if tsf_ready():
            print("tsf ready")
            t = ticks_us()
            await tsf.wait()
            print(f"got tsf in {ticks_diff(ticks_us(), t)}us")
        else:
            print("Not ready")
            await asyncio.sleep_ms(200)

asyncio.run(test())
