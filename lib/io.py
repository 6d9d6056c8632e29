"""`io`: CPython's module (RustPython's frozen copy, loaded from here and
re-exported unchanged), plus the MicroPython stream constants a driver
written in Python answers `ioctl` with (section 6.4 of the tutorial defines
them with const(); here they are also importable). `io.IOBase` is CPython's:
subclass it and define `ioctl(req, arg)`, `read`, `readinto`, `readline`
and `write` to make a stream that select.poll and asyncio's StreamReader and
StreamWriter can wait on."""

import _pinloop_cpython

_pinloop_cpython.load("io", globals())
del _pinloop_cpython

import _io


class BufferedWriter:
    """MicroPython's BufferedWriter: collects writes in a buffer of `size`
    bytes and writes the whole buffer to `stream` each time it fills (and
    at `flush`); a stream whose write returns None (would block) makes it
    raise OSError and keep the buffer. CPython flushes on its own schedule,
    so the bytes arrive at other moments there."""

    def __init__(self, stream, size=8192):
        self.raw = stream
        self._size = max(int(size), 1)
        self._buffer = bytearray()

    def write(self, data):
        data = memoryview(data)
        total = len(data)
        while data:
            room = self._size - len(self._buffer)
            if len(data) < room:
                self._buffer += data
                break
            self._buffer += data[:room]
            data = data[room:]
            self._write_out()
        return total

    def flush(self):
        if self._buffer:
            self._write_out()

    def _write_out(self):
        if self.raw.write(self._buffer) is None:
            raise OSError(11)  # EAGAIN: the stream took nothing
        self._buffer = bytearray()


class BytesIO(_io.BytesIO):
    """CPython's BytesIO with MicroPython's stream interface: `write(buf,
    length)` and `write(buf, offset, length)` write part of `buf` (clamped
    to it), seeking before the start raises OSError(EINVAL) as a real
    file does, and `BytesIO(n)` (a size) starts empty, as MicroPython's
    preallocating form."""

    def __new__(cls, initial_bytes=b"", *args, **kwargs):
        return super().__new__(cls)

    def __init__(self, initial_bytes=b""):
        if isinstance(initial_bytes, int):
            initial_bytes = b""
        super().__init__(initial_bytes)

    def write(self, buf, *part):
        if part:
            offset, length = (0, part[0]) if len(part) == 1 else part
            view = memoryview(buf)
            offset = min(max(offset, 0), len(view))
            buf = view[offset:offset + max(length, 0)]
        return super().write(buf)

    def seek(self, position, whence=0):
        if whence == 0 and position < 0:
            raise OSError(22)  # EINVAL
        return super().seek(position, whence)

# ioctl requests and the poll flags MP_STREAM_POLL answers with.
MP_STREAM_ERROR = -1
MP_STREAM_FLUSH = 1
MP_STREAM_SEEK = 2
MP_STREAM_POLL = 3
MP_STREAM_CLOSE = 4
MP_STREAM_POLL_RD = 0x0001
MP_STREAM_POLL_WR = 0x0004
MP_STREAM_POLL_ERR = 0x0008
MP_STREAM_POLL_HUP = 0x0010
