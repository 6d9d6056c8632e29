# pinloop: --clock virtual
# Bad input on streams gets the exception MicroPython (or the socket layer)
# raises, in the task that awaits, and the loop runs on.
import asyncio
import io
import select
import socket
import struct


async def peer_reset():
    got = asyncio.Event()
    outcome = []

    async def serve(reader, writer):
        try:
            await reader.read(100)
        except OSError as exc:
            outcome.append(type(exc).__name__)
        got.set()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sock.getsockname()[1]
    raw = socket.socket()
    raw.connect(("127.0.0.1", port))
    await asyncio.sleep_ms(10)
    # Closing with a zero linger time sends a reset instead of a FIN.
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    raw.close()
    await got.wait()
    print("peer reset mid-read:", outcome[0])
    server.close()
    await server.wait_closed()


async def closed_writer_and_eof():
    async def serve(reader, writer):
        writer.write(b"only 7!")
        await writer.drain()
        writer.close()
        await writer.wait_closed()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sock.getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        await reader.readexactly(10)
    except EOFError:
        print("readexactly past the end: EOFError")
    writer.close()
    try:
        writer.write(b"after close")
        await writer.drain()
    except OSError as exc:
        print("write to a closed writer:", type(exc).__name__, exc.errno == 9)
    server.close()
    await server.wait_closed()
    try:
        await asyncio.open_connection("127.0.0.1", port)
    except OSError as exc:
        print("connect to a closed port:", type(exc).__name__)


class Sensor(io.IOBase):
    """A device whose ioctl fails after a while."""

    def __init__(self):
        self.polls = 0

    def ioctl(self, req, arg):
        self.polls += 1
        if self.polls > 3:
            raise ValueError("sensor unplugged")
        return 0

    def read(self, n):
        return b"x"


class Broken(io.IOBase):
    def ioctl(self, req, arg):
        return -1  # MP_STREAM_ERROR


async def devices():
    try:
        await asyncio.StreamReader(Sensor()).read(1)
    except ValueError as exc:
        print("ioctl raised in the loop's poll, raised in the reader:", exc)
    try:
        await asyncio.StreamReader(Broken()).read(1)
    except OSError as exc:
        print("ioctl returned MP_STREAM_ERROR:", exc)
    try:
        await asyncio.StreamReader(object()).read(1)
    except TypeError as exc:
        print("TypeError:", exc)


def poll_misuse():
    poller = select.poll()
    try:
        poller.register(object(), select.POLLIN)
    except TypeError as exc:
        print("TypeError:", exc)
    flag = asyncio.ThreadSafeFlag()
    poller.unregister(flag)  # not registered: ignored, as MicroPython does
    try:
        poller.modify(flag, select.POLLIN)
    except OSError as exc:
        print("OSError:", exc.errno == 2, exc)
    poller.register(Broken())
    try:
        poller.poll(0)
    except OSError as exc:
        print("OSError:", exc)


async def main():
    await peer_reset()
    await closed_writer_and_eof()
    await devices()
    poll_misuse()
    print("the loop ran on")


asyncio.run(main())
