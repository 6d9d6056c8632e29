# pinloop: --clock virtual --run-for 2
# A task waiting only on a Python ioctl device (polled, never ready): the
# virtual clock moves by the poll interval and the run ends at the limit,
# instead of spinning for ever.
import asyncio
import io


class NeverReady(io.IOBase):
    def ioctl(self, request, arg):
        return 0

    def read(self, n=-1):
        return b""


async def ticker():
    await asyncio.sleep(1.5)
    print("1.5 s of virtual time passed")


async def main():
    asyncio.create_task(ticker())
    print("waiting")
    await asyncio.StreamReader(NeverReady()).read(1)
    print("not reached")


asyncio.run(main())
