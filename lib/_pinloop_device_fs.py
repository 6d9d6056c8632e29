"""A device's filesystem (`pinloop --device LINK --fs DIR`): `open`,
`io.open`, `_io.open` and the path functions of `os` and `posix` see DIR as
the root `/`, as a board's flash is, so mpremote's `fs` commands and
scripts that use absolute paths stay inside DIR. Paths are resolved against
the device's current directory and cannot climb above its root; symlinks
that lead out of DIR are refused with EACCES (`_pinloop_device_root`, the
one place that maps device paths to host paths). Adds MicroPython's
`os.ilistdir`. Not a sandbox: device code is host code."""

import _io
import builtins
import errno
import io
import os
import posix

import _pinloop_device_root

# The host's functions, taken before `mount` replaces them.
_host = {
    name: getattr(posix, name)
    for name in (
        "listdir", "stat", "lstat", "mkdir", "rmdir", "remove", "rename",
        "replace", "statvfs", "open", "access", "chmod", "readlink",
        "truncate", "utime", "link", "symlink",
    )
}
_host_open = _io.open
_state = {"cwd": "/"}


def _resolve(path):
    """The device path (absolute, normalised, never above /) of `path`."""
    if isinstance(path, bytes):
        path = path.decode()
    path = os.fspath(path)
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


def _on_host(path, follow=True):
    """The host path inside DIR of `path` (a file descriptor passes as is);
    OSError(EACCES) when a symlink would lead out of DIR."""
    if isinstance(path, int):
        return path
    return _pinloop_device_root.host_path(_resolve(path), follow)


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

    wrapped.__name__ = function.__name__
    wrapped.__doc__ = function.__doc__
    return wrapped


@_mp_errors
def open(file, *args, **kwargs):
    return _host_open(_on_host(file), *args, **kwargs)


@_mp_errors
def os_open(path, flags, mode=0o777, **kwargs):
    return _host["open"](_on_host(path), flags, mode, **kwargs)


@_mp_errors
def listdir(path="."):
    return sorted(_host["listdir"](_on_host(path)))


def _entry_stat(device_path):
    """The stat of a folder entry: its target's, or for a symlink that
    leads out of DIR the link's own."""
    try:
        return _host["stat"](_on_host(device_path))
    except OSError:
        return _host["lstat"](_on_host(device_path, False))


def _is_folder(info):
    return (info.st_mode & 0o170000) == 0o040000


@_mp_errors
def ilistdir(path="."):
    """(name, type, inode, size) for each entry, as MicroPython's: type
    0x4000 for a folder, 0x8000 for a file."""
    folder = _resolve(path)
    entries = []
    for name in sorted(_host["listdir"](_on_host(folder))):
        info = _entry_stat(folder.rstrip("/") + "/" + name)
        kind = 0x4000 if _is_folder(info) else 0x8000
        entries.append((name, kind, 0, info.st_size))
    return iter(entries)


class DirEntry:
    """os.scandir's entry, its `path` a device path."""

    def __init__(self, folder, name, shown):
        self.name = name
        self.path = os.path.join(shown, name)
        self._device_path = folder.rstrip("/") + "/" + name

    def is_dir(self, follow_symlinks=True):
        try:
            return _is_folder(self.stat(follow_symlinks))
        except OSError:
            return False

    def is_file(self, follow_symlinks=True):
        try:
            return not _is_folder(self.stat(follow_symlinks))
        except OSError:
            return False

    def is_symlink(self):
        return (self.stat(False).st_mode & 0o170000) == 0o120000

    def stat(self, follow_symlinks=True):
        if follow_symlinks:
            return stat(self._device_path)
        return lstat(self._device_path)

    def inode(self):
        return self.stat(follow_symlinks=False).st_ino

    def __fspath__(self):
        return self.path

    def __repr__(self):
        return "<DirEntry {!r}>".format(self.name)


class _ScandirIterator:
    def __init__(self, entries):
        self._entries = iter(entries)

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._entries)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        self._entries = iter(())


@_mp_errors
def scandir(path="."):
    folder = _resolve(path)
    names = sorted(_host["listdir"](_on_host(folder)))
    shown = path.decode() if isinstance(path, bytes) else os.fspath(path)
    return _ScandirIterator([DirEntry(folder, name, shown) for name in names])


@_mp_errors
def stat(path):
    return _host["stat"](_on_host(path))


@_mp_errors
def lstat(path):
    return _host["lstat"](_on_host(path, False))


@_mp_errors
def mkdir(path, *args):
    _host["mkdir"](_on_host(path, False), *args)


@_mp_errors
def rmdir(path):
    _host["rmdir"](_on_host(path, False))


@_mp_errors
def remove(path):
    _host["remove"](_on_host(path, False))


@_mp_errors
def rename(old, new):
    _host["rename"](_on_host(old, False), _on_host(new, False))


@_mp_errors
def replace(old, new):
    _host["replace"](_on_host(old, False), _on_host(new, False))


def getcwd():
    return _state["cwd"]


@_mp_errors
def chdir(path):
    target = _resolve(path)
    if not _host["stat"](_on_host(target)).st_mode & 0o040000:
        raise OSError(20, "not a directory: " + target)
    _state["cwd"] = target


@_mp_errors
def statvfs(path):
    return _host["statvfs"](_on_host(path))


@_mp_errors
def access(path, mode, **kwargs):
    return _host["access"](_on_host(path), mode, **kwargs)


@_mp_errors
def chmod(path, mode, **kwargs):
    _host["chmod"](_on_host(path), mode, **kwargs)


@_mp_errors
def readlink(path):
    return _host["readlink"](_on_host(path, False))


@_mp_errors
def truncate(path, length):
    _host["truncate"](_on_host(path), length)


@_mp_errors
def utime(path, *args, **kwargs):
    _host["utime"](_on_host(path), *args, **kwargs)


@_mp_errors
def link(src, dst, **kwargs):
    _host["link"](_on_host(src), _on_host(dst, False), **kwargs)


@_mp_errors
def symlink(src, dst, *args, **kwargs):
    # The link's text is stored as given; following it later is confined.
    _host["symlink"](src, _on_host(dst, False), *args, **kwargs)


_DEVICE_FUNCTIONS = {
    "listdir": listdir,
    "ilistdir": ilistdir,
    "scandir": scandir,
    "stat": stat,
    "lstat": lstat,
    "mkdir": mkdir,
    "rmdir": rmdir,
    "remove": remove,
    "unlink": remove,
    "rename": rename,
    "replace": replace,
    "getcwd": getcwd,
    "chdir": chdir,
    "statvfs": statvfs,
    "open": os_open,
    "access": access,
    "chmod": chmod,
    "readlink": readlink,
    "truncate": truncate,
    "utime": utime,
    "link": link,
    "symlink": symlink,
}


def mount():
    """Makes the device's folder (set in `_pinloop_device_root`) the `/` of
    `os`, `posix`, `open`, `io.open` and `_io.open`."""
    _state["cwd"] = "/"
    for name, function in _DEVICE_FUNCTIONS.items():
        setattr(os, name, function)
        setattr(posix, name, function)
    builtins.open = open
    io.open = open
    _io.open = open
