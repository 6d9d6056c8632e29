# start_server as MicroPython's: the serving task has started when it
# returns, so closing at once still frees the port; close() then
# wait_closed() ends quietly; a task cancelled in wait_closed() is cancelled.
import asyncio


async def main():
    server = await asyncio.start_server(None, "127.0.0.1", 0)
    port = server.sock.getsockname()[1]
    try:
        async with server:
            raise OSError("right after start")
    except OSError as exc:
        print("OSError:", exc)
    again = await asyncio.start_server(None, "127.0.0.1", port)
    print("the port is free again")
    again.close()
    await again.wait_closed()
    print("closed quietly")

    async def serve_until_closed():
        server = await asyncio.start_server(None, "127.0.0.1", port)
        await server.wait_closed()
        print("unreachable")

    for sleeps in range(3):
        t = asyncio.create_task(serve_until_closed())
        for _ in range(sleeps):
            await asyncio.sleep(0)
        t.cancel()
        try:
            await t
        except asyncio.CancelledError:
            print("cancelled after", sleeps, "sleeps")
    final = await asyncio.start_server(None, "127.0.0.1", port)
    final.close()
    await final.wait_closed()
    print("done")


asyncio.run(main())
