"""MicroPython's asyncio streams: Stream (also StreamReader and StreamWriter,
the same class, as in MicroPython), open_connection and start_server.

A stream wraps a MicroPython stream object: a UART, a device written in
Python (an io.IOBase subclass with ioctl and read/readline/write), or a
socket. Every read first waits for the object to be readable and every
drain for it to be writable, through the scheduler's I/O wait
(_pinloop_asyncio._io_wait), so other tasks run meanwhile. The object's own
methods are synchronous and return what is available now."""

import errno
import socket as _socket

from _pinloop_asyncio import _io_wait, create_task, sleep_ms, CancelledError

_POLLIN = 1
_POLLOUT = 4


def _as_bytes(data):
    # A Python stream device may return str; MicroPython's `b"" + "x"` is
    # b"x" (str has the buffer protocol there), so the result is bytes.
    return data.encode() if isinstance(data, str) else data


class _SocketAdapter:
    """A non-blocking socket with MicroPython's stream methods (read,
    readinto, readline, write: None when nothing can be done now, b'' at
    end of file). A line read in pieces is kept until its newline."""

    def __init__(self, sock):
        self.sock = sock
        self.sock.setblocking(False)
        self.pending = b""

    def fileno(self):
        return self.sock.fileno()

    def _recv(self, n):
        try:
            return self.sock.recv(n)
        except BlockingIOError:
            return None

    def read(self, n=-1):
        if self.pending:
            if n < 0 or n >= len(self.pending):
                data, self.pending = self.pending, b""
            else:
                data, self.pending = self.pending[:n], self.pending[n:]
            return data
        return self._recv(n if n >= 0 else 4096)

    def readinto(self, buf):
        data = self.read(len(buf))
        if data is None:
            return None
        buf[: len(data)] = data
        return len(data)

    def readline(self):
        while True:
            end = self.pending.find(b"\n")
            if end >= 0:
                line, self.pending = self.pending[: end + 1], self.pending[end + 1 :]
                return line
            data = self._recv(4096)
            if data is None:
                return None  # wait for the rest of the line
            if not data:
                line, self.pending = self.pending, b""
                return line
            self.pending += data

    def has_pending(self, line=False):
        """Whether a read (a readline, if line) can be served from what
        was already received, without waiting for the socket."""
        return b"\n" in self.pending if line else bool(self.pending)

    def write(self, buf):
        try:
            return self.sock.send(buf)
        except BlockingIOError:
            return None

    def close(self):
        self.sock.close()


def _adapt(s):
    if isinstance(s, _socket.socket):
        return _SocketAdapter(s)
    return s


class Stream:
    """A stream over `s` (MicroPython's asyncio.Stream). `e` is the extra
    information get_extra_info() returns ("peername" for a connection)."""

    def __init__(self, s, e={}):
        self.s = _adapt(s)
        self.e = e
        self.out_buf = b""

    def get_extra_info(self, v):
        return self.e[v]

    async def __aenter__(self):
        return self

    async def __aexit__(self, exc_type, exc, tb):
        await self.close_and_wait()

    async def close_and_wait(self):
        self.close()
        await self.wait_closed()

    def close(self):
        """Closes a socket at once (as CPython does; MicroPython waits for
        wait_closed); a device is left to wait_closed."""
        if isinstance(self.s, _SocketAdapter):
            self.s.close()

    async def wait_closed(self):
        close = getattr(self.s, "close", None)
        if close is not None:
            close()

    async def _readable(self, line=False):
        pending = getattr(self.s, "has_pending", None)
        if pending is not None and pending(line):
            return
        await _io_wait(self.s, _POLLIN)

    async def read(self, n=-1):
        """Up to n bytes (n < 0: until end of file); b'' at end of file."""
        got = b""
        while True:
            await self._readable()
            data = self.s.read(n)
            if data is None:
                continue
            if n >= 0:
                return data
            if not data:
                return got
            got += _as_bytes(data)

    async def readinto(self, buf):
        """Reads into buf what is available (at least one byte); returns the
        count, 0 at end of file."""
        while True:
            await self._readable()
            count = self.s.readinto(buf)
            if count is not None:
                return count

    async def readexactly(self, n):
        """Exactly n bytes; EOFError if the stream ends first."""
        got = b""
        while len(got) < n:
            await self._readable()
            data = self.s.read(n - len(got))
            if data is None:
                continue
            if not data:
                raise EOFError
            got += _as_bytes(data)
        return got

    async def readline(self):
        """A line, with its newline; what is left (or b'') at end of file."""
        line = b""
        while True:
            await self._readable(True)
            data = self.s.readline()
            if data is None:
                continue
            line += _as_bytes(data)
            if not data or line[-1:] == b"\n":
                return line

    def write(self, buf):
        """Queues buf for drain(), writing what the stream takes at once."""
        if isinstance(buf, str):
            buf = buf.encode()
        if not self.out_buf:
            written = self.s.write(buf)
            if written is not None and written >= len(buf):
                return
            if written:
                buf = buf[written:]
        self.out_buf += bytes(buf)

    async def drain(self):
        """Writes what write() queued, waiting for the stream to take it."""
        if not self.out_buf:
            return await sleep_ms(0)
        view = memoryview(self.out_buf)
        done = 0
        while done < len(view):
            await _io_wait(self.s, _POLLOUT)
            written = self.s.write(view[done:])
            if written is not None:
                done += written
        self.out_buf = b""

    async def aclose(self):
        await self.drain()
        self.close()
        await self.wait_closed()

    async def awrite(self, buf, off=0, sz=-1):
        if off or sz >= 0:
            buf = buf[off : None if sz < 0 else off + sz]
        self.write(buf)
        await self.drain()

    async def awritestr(self, text):
        await self.awrite(text.encode())


StreamReader = Stream
StreamWriter = Stream


async def open_connection(host, port, ssl=None, server_hostname=None):
    """A TCP connection: (reader, writer), one Stream twice as in
    MicroPython. OSError if the connection fails."""
    if ssl:
        raise NotImplementedError("TLS streams are not supported")
    family, kind, proto, _, address = _socket.getaddrinfo(host, port, 0, _socket.SOCK_STREAM)[0]
    sock = _socket.socket(family, kind, proto)
    sock.setblocking(False)
    try:
        sock.connect(address)
    except BlockingIOError:
        pass
    except OSError:
        sock.close()
        raise
    try:
        await _io_wait(sock, _POLLOUT)
        error = sock.getsockopt(_socket.SOL_SOCKET, _socket.SO_ERROR)
        if error:
            raise OSError(error, errno.errorcode.get(error, "connection failed"))
    except BaseException:
        sock.close()
        raise
    stream = Stream(sock, {"peername": address})
    return stream, stream


class Server:
    """What start_server returns: close() stops accepting, wait_closed()
    waits until the accepting task has ended; usable with `async with`."""

    def __init__(self, sock, callback):
        self.sock = sock
        self.callback = callback
        self.task = None
        self.state = False

    async def __aenter__(self):
        return self

    async def __aexit__(self, exc_type, exc, tb):
        self.close()
        await self.wait_closed()

    def close(self):
        # Explicitly closed: the serving task ends normally, not cancelled.
        self.state = True
        if self.task is not None and not self.task.done():
            self.task.cancel()

    async def wait_closed(self):
        # A cancellation that reached the serving task some other way (a
        # task awaiting wait_closed() was cancelled) comes out here, as in
        # MicroPython.
        if self.task is not None:
            await self.task

    async def _serve(self):
        try:
            while True:
                await _io_wait(self.sock, _POLLIN)
                # Every connection waiting, so a burst drains the backlog.
                while True:
                    try:
                        client, address = self.sock.accept()
                    except BlockingIOError:
                        break
                    stream = Stream(client, {"peername": address})
                    create_task(self.callback(stream, stream))
        except CancelledError:
            if self.state:
                return
            raise
        finally:
            self.sock.close()


async def start_server(cb, host, port, backlog=5, ssl=None):
    """Listens on host:port; each connection runs cb(reader, writer) as a
    new task. Returns the Server."""
    if ssl:
        raise NotImplementedError("TLS streams are not supported")
    family, kind, proto, _, address = _socket.getaddrinfo(host, port, 0, _socket.SOCK_STREAM)[0]
    sock = _socket.socket(family, kind, proto)
    sock.setsockopt(_socket.SOL_SOCKET, _socket.SO_REUSEADDR, 1)
    sock.bind(address)
    sock.listen(backlog)
    sock.setblocking(False)
    server = Server(sock, cb)
    server.task = create_task(server._serve())
    try:
        # As MicroPython's: let the serving task start, so its `finally`
        # closes the socket however it is cancelled (a task cancelled
        # before it first runs never enters its body).
        await sleep_ms(0)
    except CancelledError:
        server.task.cancel()
        raise
    return server
