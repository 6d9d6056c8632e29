"""`socket`: CPython's module (RustPython's frozen copy, loaded from here and
re-exported), with MicroPython's stream methods on sockets, which drivers
such as micropython-lib's umqtt use: `read([n])`, `readinto(buf[, n])`,
`readline()` and `write(buf)`. A socket with a timeout that runs out raises
TimeoutError carrying errno 110 (ETIMEDOUT), so both CPython's `except
TimeoutError` and MicroPython's `e.errno == errno.ETIMEDOUT` (or
`e.args[0] == 110`) see it."""

import _pinloop_cpython

_cpython = _pinloop_cpython.load("socket", globals())
del _pinloop_cpython

_ETIMEDOUT = 110
_CPythonSocket = _cpython.socket


def _timed_out():
    return TimeoutError(_ETIMEDOUT, "ETIMEDOUT")


def _mp_timeouts(method):
    """The method, with a timeout raised as MicroPython's errno 110."""

    def wrapped(self, *args):
        try:
            return method(self, *args)
        except TimeoutError as exc:
            if exc.errno is None:
                raise _timed_out() from None
            raise

    wrapped.__name__ = method.__name__
    wrapped.__doc__ = method.__doc__
    return wrapped


class socket(_CPythonSocket):
    __slots__ = ()

    recv = _mp_timeouts(_CPythonSocket.recv)
    recv_into = _mp_timeouts(_CPythonSocket.recv_into)
    recvfrom = _mp_timeouts(_CPythonSocket.recvfrom)
    send = _mp_timeouts(_CPythonSocket.send)
    sendall = _mp_timeouts(_CPythonSocket.sendall)
    sendto = _mp_timeouts(_CPythonSocket.sendto)
    connect = _mp_timeouts(_CPythonSocket.connect)

    def accept(self):
        try:
            fd, address = self._accept()
        except TimeoutError as exc:
            if exc.errno is None:
                raise _timed_out() from None
            raise
        sock = socket(self.family, self.type, self.proto, fileno=fd)
        if _cpython.getdefaulttimeout() is None and self.gettimeout():
            sock.setblocking(True)
        return sock, address

    # MicroPython's stream methods. On a non-blocking socket with nothing
    # to read (or no room to write) they return None, as MicroPython's do.

    def read(self, size=-1):
        """Up to `size` bytes, or with no size everything until the peer
        closes; b"" at end of stream."""
        try:
            if size is None or size < 0:
                chunks = []
                while True:
                    chunk = self.recv(4096)
                    if not chunk:
                        return b"".join(chunks)
                    chunks.append(chunk)
            return self.recv(size)
        except BlockingIOError:
            return None

    def readinto(self, buffer, size=None):
        """Reads into `buffer` (up to `size` bytes); the count read."""
        try:
            if size is None:
                return self.recv_into(buffer)
            return self.recv_into(buffer, size)
        except BlockingIOError:
            return None

    def readline(self):
        """Bytes up to and including b"\\n" (or to the end of stream)."""
        line = bytearray()
        try:
            while True:
                byte = self.recv(1)
                if not byte:
                    break
                line += byte
                if byte == b"\n":
                    break
        except BlockingIOError:
            if not line:
                return None
        return bytes(line)

    def write(self, buffer, size=None):
        """Writes what the socket takes of `buffer` (of its first `size`
        bytes); the count written. A str is written as its UTF-8 bytes (a
        MicroPython str has the buffer protocol)."""
        if isinstance(buffer, str):
            buffer = buffer.encode()
        if size is not None:
            buffer = memoryview(buffer)[:size]
        try:
            return self.send(buffer)
        except BlockingIOError:
            return None


def socketpair(family=None, type=SOCK_STREAM, proto=0):
    """CPython's socketpair, giving sockets with the stream methods."""
    if family is None:
        family = AF_UNIX
    a, b = _cpython._socket.socketpair(family, type, proto)
    a = socket(family, type, proto, a.detach())
    b = socket(family, type, proto, b.detach())
    return a, b


def create_connection(*args, **kwargs):
    """CPython's create_connection; the socket has the stream methods."""
    sock = _cpython.create_connection(*args, **kwargs)
    return socket(sock.family, sock.type, sock.proto, sock.detach())


SocketType = socket
