# A Python stream device whose read/readline return str: StreamReader gives
# bytes, as MicroPython's (where b"" + "x" is b"x"); read(n) passes it on.
import asyncio
import io


class TextDevice(io.IOBase):
    def __init__(self, chunks):
        self.chunks = list(chunks)

    def ioctl(self, req, arg):
        return arg if req == 3 else -1  # MP_STREAM_POLL: always ready

    def readline(self):
        return self.chunks.pop(0) if self.chunks else ""

    def read(self, n=-1):
        return self.chunks.pop(0) if self.chunks else ""


async def main():
    reader = asyncio.StreamReader(TextDevice(["par", "tial\n", "next\n"]))
    print(await reader.readline(), await reader.readline(), await reader.readline())
    reader = asyncio.StreamReader(TextDevice(["ab", "cd"]))
    print(await reader.read())
    reader = asyncio.StreamReader(TextDevice(["ab", "cd", "ef"]))
    print(await reader.readexactly(4), await reader.read(2))


asyncio.run(main())
