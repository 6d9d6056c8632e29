"""A device's filesystem (`pinloop --device LINK --fs DIR`): `os` and `open`
see DIR as the root `/`, as a board's flash is, so mpremote's `fs` commands
and scripts that use absolute paths stay inside DIR. Paths are resolved
against the device's current directory and cannot climb above its root.
Adds MicroPython's `os.ilistdir`."""

import builtins
import errno
import os

_host_open = builtins.open
_host = {}
_state = {"root": "/", "cwd": "/"}


def _resolve(path):
    """The device path (absolute, normalised, never above /) of `path`."""
    if isinstance(path, int):
        return path
    if isinstance(path, bytes):
        path = path.decode()
    if not path.startswith("/"):
        path = _state["cwd"].rstrip("/") + "/" + path
    parts = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts:
                parts.pop()
            continue
        parts.append(part)
    return "/" + "/".join(parts)


def _on_host(path):
    resolved = _resolve(path)
    if isinstance(resolved, int):
        return resolved
    return _state["root"] + resolved.rstrip("/") if resolved != "/" else _state["root"]


# A board's OSError: CPython's OSError(2, ...) would come out as
# FileNotFoundError, a name MicroPython does not have (and mpremote looks for
# "OSError" in the error text).
_BoardOSError = type("OSError", (OSError,), {"__module__": "builtins"})


def _mp_errors(function):
    """Raises OSError as a board does: plain OSError, the errno's name as
    its text (`OSError: [Errno 2] ENOENT`), which mpremote reads."""

    def wrapped(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except OSError as exc:
            if exc.errno is None or type(exc) is _BoardOSError:
                raise
            name = errno.errorcode.get(exc.errno, str(exc.errno))
            # Built from its text: with (errno, text) RustPython would make
            # it a FileNotFoundError again.
            error = _BoardOSError("[Errno {}] {}".format(exc.errno, name))
            error.errno = exc.errno
            raise error from None

    return wrapped


@_mp_errors
def _open(file, *args, **kwargs):
    return _host_open(_on_host(file), *args, **kwargs)


@_mp_errors
def listdir(path=""):
    return sorted(_host["listdir"](_on_host(path)))


@_mp_errors
def ilistdir(path=""):
    """(name, type, inode, size) for each entry, as MicroPython's."""
    folder = _on_host(path)
    entries = []
    for name in sorted(_host["listdir"](folder)):
        info = _host["stat"](folder + "/" + name)
        kind = 0x4000 if (info.st_mode & 0o170000) == 0o040000 else 0x8000
        entries.append((name, kind, 0, info.st_size))
    return iter(entries)


@_mp_errors
def stat(path):
    return _host["stat"](_on_host(path))


@_mp_errors
def mkdir(path, *args):
    _host["mkdir"](_on_host(path), *args)


@_mp_errors
def rmdir(path):
    _host["rmdir"](_on_host(path))


@_mp_errors
def remove(path):
    _host["remove"](_on_host(path))


@_mp_errors
def unlink(path):
    _host["remove"](_on_host(path))


@_mp_errors
def rename(old, new):
    _host["rename"](_on_host(old), _on_host(new))


def getcwd():
    return _state["cwd"]


@_mp_errors
def chdir(path):
    target = _resolve(path)
    folder = _on_host(target)
    if not _host["stat"](folder).st_mode & 0o040000:
        raise OSError(20, "not a directory: " + target)
    _state["cwd"] = target


@_mp_errors
def statvfs(path):
    return _host["statvfs"](_on_host(path))


def mount(root):
    """Makes `root` (a host folder) the device's `/`."""
    root = os.path.abspath(root).rstrip("/") or "/"
    if not _host:
        for name in ("listdir", "stat", "mkdir", "rmdir", "remove", "rename", "statvfs"):
            _host[name] = getattr(os, name)
    _state["root"] = root
    _state["cwd"] = "/"
    for name, function in (
        ("listdir", listdir),
        ("ilistdir", ilistdir),
        ("stat", stat),
        ("mkdir", mkdir),
        ("rmdir", rmdir),
        ("remove", remove),
        ("unlink", unlink),
        ("rename", rename),
        ("getcwd", getcwd),
        ("chdir", chdir),
        ("statvfs", statvfs),
    ):
        setattr(os, name, function)
    builtins.open = _open
