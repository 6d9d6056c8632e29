"""TCP echo on loopback, server and clients in one process (scripts/bench
tcp). Runs unchanged under pinloop and CPython 3.11's asyncio.

  throughput: CLIENTS connections, each sending ROUNDS lines of 100 bytes and
              reading each echo before sending the next; echoed lines/s.
  connect:    CONNS connections, CONCURRENT at a time, each connecting,
              echoing one line and closing; connections/s.
"""

import asyncio
import json
import sys
import time

MODE = sys.argv[1] if len(sys.argv) > 1 else "throughput"
LINE = b"x" * 99 + b"\n"


def now():
    return time.perf_counter() if hasattr(time, "perf_counter") else time.ticks_us() / 1e6


async def echo(reader, writer):
    while True:
        line = await reader.readline()
        if not line:
            break
        writer.write(line)
        await writer.drain()
    writer.close()
    await writer.wait_closed()


def port_of(server):
    sockets = getattr(server, "sockets", None)  # CPython
    sock = sockets[0] if sockets else server.sock
    return sock.getsockname()[1]


async def talker(port, rounds):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    for _ in range(rounds):
        writer.write(LINE)
        await writer.drain()
        await reader.readline()
    writer.close()
    await writer.wait_closed()


async def main():
    server = await asyncio.start_server(echo, "127.0.0.1", 0, backlog=128)
    port = port_of(server)
    if MODE == "throughput":
        clients, rounds = 10, 1000
        start = now()
        await asyncio.gather(*(talker(port, rounds) for _ in range(clients)))
        result = {"lines_per_s": clients * rounds / (now() - start)}
    else:
        conns, concurrent = 2000, 50
        start = now()
        for _ in range(conns // concurrent):
            await asyncio.gather(*(talker(port, 1) for _ in range(concurrent)))
        result = {"conns_per_s": conns / (now() - start)}
    server.close()
    await server.wait_closed()
    print(json.dumps(result))


asyncio.run(main())
