#!/usr/bin/env python3
"""The asyncio echo server of BenchmarkEcho (bench/echo_test.go).

Written as a Python programmer writes one with asyncio (standard library
only): asyncio.start_server, a handler per connection that reads what there
is and writes it back, with drain for back-pressure. It listens on a port of
127.0.0.1 that the system picks, prints its address as HOST:PORT on the
first line of stdout, and serves until its stdin closes.

Usage: python3 bench/echo_asyncio.py
"""

import asyncio
import sys


async def echo(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass  # the benchmark's client resets its connections when it is done
    finally:
        writer.close()


async def main():
    # The default backlog is 100: 10,000 clients dialing would overflow it.
    server = await asyncio.start_server(echo, "127.0.0.1", 0, backlog=4096)
    host, port = server.sockets[0].getsockname()[:2]
    print(f"{host}:{port}", flush=True)
    # Serve until stdin closes: the benchmark closes it, or it dies.
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.buffer.read)
    server.close()


if __name__ == "__main__":
    asyncio.run(main())
