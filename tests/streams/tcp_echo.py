# pinloop: --clock virtual
# A TCP echo server and 200 concurrent clients on loopback, all in one
# loop: start_server, open_connection, readline, write/drain, readexactly,
# get_extra_info, close/wait_closed, the Server as an async context manager.
import asyncio

CLIENTS = 200
served = 0


async def echo(reader, writer):
    global served
    while True:
        line = await reader.readline()
        if not line:
            break
        writer.write(line)
        await writer.drain()
    served += 1
    writer.close()
    await writer.wait_closed()


async def client(port, n):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    host, _ = writer.get_extra_info("peername")
    message = "client {} says hello\n".format(n).encode()
    writer.write(message[:5])  # in two pieces: the server waits for the line
    await writer.drain()
    await asyncio.sleep_ms(1)
    writer.write(message[5:])
    await writer.drain()
    echoed = await reader.readexactly(len(message))
    writer.close()
    await writer.wait_closed()
    return host, echoed == message


async def main():
    server = await asyncio.start_server(echo, "127.0.0.1", 0, backlog=CLIENTS)
    port = server.sock.getsockname()[1]
    async with server:
        results = await asyncio.gather(*(client(port, n) for n in range(CLIENTS)))
        print(len(results), "clients;", sum(ok for _, ok in results), "echoed exactly")
        print("peer hosts:", sorted({host for host, _ in results}))
        while served < CLIENTS:
            await asyncio.sleep_ms(10)
        print("server saw", served, "connections close")
    print("server closed:", server.task.done())


asyncio.run(main())
