"""A board's filesystem (`pinloop DIR`, `pinloop --device LINK --fs DIR`):
`open`, `io.open`, `_io.open` and the path functions of `os` and `posix` see
DIR as the root `/`, as a board's flash is, so mpremote's `fs` commands and
scripts that use absolute paths stay inside DIR. Paths are resolved against
the board's current directory and cannot climb above its root; symlinks
that lead out of DIR are refused with EACCES (`_pinloop_device_root`, the
one place that maps device paths to host paths). Adds MicroPython's
`os.ilistdir`. Not a sandbox: board code is host code.

MicroPython's VFS: `vfs.mount(obj, "/point")` (also `os.mount`) puts a
filesystem written in Python (mpremote's `mount` sends one) at a point;
`open`, the `os` functions and the importer then hand paths below it to
the object's methods (`open`, `ilistdir`, `stat`, `mkdir`, ...), with the
path inside it (`/` for the point itself). This module owns the mount
table and the current directory."""

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
# The current directory (a device path) and whether the folder is mounted.
_state = {"cwd": "/", "mounted": False}
# MicroPython's mount table: mount point (a device path) -> filesystem.
_mounts = {}


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


def _route(path):
    """(filesystem, path inside it) when `path` lies in a mounted one, else
    (None, the device path)."""
    device = _resolve(path)
    for point in sorted(_mounts, key=len, reverse=True):
        if device == point or device.startswith(point + "/"):
            return _mounts[point], device[len(point):] or "/"
    return None, device


def locate(path):
    """For the importer: the host path of `path`, or (filesystem, path
    inside it) below a mount point; None for a path that leaves DIR."""
    fs, inner = _route(path)
    if fs is not None:
        return (fs, inner)
    try:
        return _pinloop_device_root.host_path(inner, True)
    except OSError:
        return None


def _not_on_mount(name):
    return OSError(errno.EPERM, name + " is not supported on a mounted filesystem")


def _on_host(path, follow=True):
    """The host path inside DIR of `path` (a file descriptor passes as is);
    OSError(EACCES) when a symlink would lead out of DIR."""
    if isinstance(path, int):
        return path
    fs, device = _route(path)
    if fs is not None:
        raise _not_on_mount("this call")
    return _pinloop_device_root.host_path(device, follow)


# A board's OSError: CPython's OSError(2, ...) would come out as
# FileNotFoundError, a name MicroPython does not have (and mpremote looks for
# "OSError" in the error text).
_BoardOSError = type("OSError", (OSError,), {"__module__": "builtins"})


def _board_error(code):
    """OSError(code) as a board raises it: `OSError: [Errno 2] ENOENT`."""
    name = errno.errorcode.get(code, str(code))
    # Built from its text: with (errno, text) RustPython would make it a
    # FileNotFoundError again.
    error = _BoardOSError("[Errno {}] {}".format(code, name))
    error.errno = code
    return error


def _mp_errors(function):
    """Raises OSError as a board does: plain OSError, the errno's name as
    its text (`OSError: [Errno 2] ENOENT`), which mpremote reads."""

    def wrapped(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except OSError as exc:
            if exc.errno is None or type(exc) is _BoardOSError:
                raise
            raise _board_error(exc.errno) from None

    wrapped.__name__ = function.__name__
    wrapped.__doc__ = function.__doc__
    return wrapped


@_mp_errors
def open(file, mode="r", *args, **kwargs):
    if not isinstance(file, int):
        fs, inner = _route(file)
        if fs is not None:
            return fs.open(inner, mode)
    return _host_open(_on_host(file), mode, *args, **kwargs)


@_mp_errors
def os_open(path, flags, mode=0o777, **kwargs):
    if not isinstance(path, int) and _route(path)[0] is not None:
        raise _not_on_mount("os.open")
    return _host["open"](_on_host(path), flags, mode, **kwargs)


@_mp_errors
def listdir(path="."):
    fs, inner = _route(path)
    if fs is not None:
        return [entry[0] for entry in fs.ilistdir(inner)]
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
    fs, inner = _route(path)
    if fs is not None:
        return fs.ilistdir(inner)
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
    names = listdir(folder)
    shown = path.decode() if isinstance(path, bytes) else os.fspath(path)
    return _ScandirIterator([DirEntry(folder, name, shown) for name in names])


def _mount_stat(fs, inner):
    """A mounted filesystem's stat tuple as `os.stat_result` (so `st_mode`
    works as well as `[0]`)."""
    return os.stat_result(tuple(fs.stat(inner))[:10])


@_mp_errors
def stat(path):
    fs, inner = _route(path)
    if fs is not None:
        return _mount_stat(fs, inner)
    return _host["stat"](_on_host(path))


@_mp_errors
def lstat(path):
    fs, inner = _route(path)
    if fs is not None:
        return _mount_stat(fs, inner)
    return _host["lstat"](_on_host(path, False))


def _mounted_or_host(name, keep_link=True):
    """A function of one path that a mounted filesystem's method of the
    same name serves below its mount point."""

    @_mp_errors
    def function(path, *args):
        fs, inner = _route(path)
        if fs is not None:
            return getattr(fs, name)(inner)
        return _host[name](_on_host(path, not keep_link), *args)

    function.__name__ = name
    return function


mkdir = _mounted_or_host("mkdir")
rmdir = _mounted_or_host("rmdir")
remove = _mounted_or_host("remove")


def _renamer(name):
    @_mp_errors
    def function(old, new):
        old_fs, old_inner = _route(old)
        new_fs, new_inner = _route(new)
        if old_fs is not new_fs:
            raise OSError(errno.EXDEV, "cannot move between filesystems")
        if old_fs is not None:
            return old_fs.rename(old_inner, new_inner)
        _host[name](_on_host(old, False), _on_host(new, False))

    function.__name__ = name
    return function


rename = _renamer("rename")
replace = _renamer("replace")


def getcwd():
    return _state["cwd"]


@_mp_errors
def chdir(path):
    target = _resolve(path)
    fs, inner = _route(target)
    if fs is not None:
        if hasattr(fs, "chdir"):
            fs.chdir(inner)
    elif not _host["stat"](_on_host(target)).st_mode & 0o040000:
        raise OSError(20, "not a directory: " + target)
    _state["cwd"] = target


@_mp_errors
def statvfs(path):
    """MicroPython's 10-tuple: bsize, frsize, blocks, bfree, bavail, files,
    ffree, favail, flag, namemax."""
    fs, inner = _route(path)
    if fs is not None:
        return tuple(fs.statvfs(inner))
    return tuple(_host["statvfs"](_on_host(path)))


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


class VfsPosix:
    """A folder of the board's filesystem as a VFS object (MicroPython's
    unix port has the same class for host folders): the root's entry in
    `vfs.mount()`, and mountable elsewhere. `root` is a device path."""

    def __init__(self, root="/"):
        self._root = _resolve(root).rstrip("/")

    def __repr__(self):
        return "<VfsPosix>" if not self._root else "<VfsPosix {}>".format(self._root)

    def _path(self, path):
        return self._root + "/" + path.lstrip("/")

    def mount(self, readonly, mkfs):
        pass

    def umount(self):
        pass

    def open(self, path, mode):
        return open(self._path(path), mode)

    def ilistdir(self, path):
        return ilistdir(self._path(path))

    def stat(self, path):
        return tuple(stat(self._path(path)))

    def statvfs(self, path):
        return statvfs(self._path(path))

    def mkdir(self, path):
        mkdir(self._path(path))

    def rmdir(self, path):
        rmdir(self._path(path))

    def remove(self, path):
        remove(self._path(path))

    def rename(self, old, new):
        rename(self._path(old), self._path(new))

    def chdir(self, path):
        if not stat(self._path(path)).st_mode & 0o040000:
            raise OSError(errno.ENOTDIR, "not a directory: " + path)


_ROOT = VfsPosix()


def vfs_mount(fs=None, mount_point=None, *, readonly=False, mkfs=False):
    """`vfs.mount(fs, mount_point, *, readonly=False, mkfs=False)`; with no
    arguments, the mount table as (filesystem, mount point) pairs."""
    if fs is None and mount_point is None:
        return [(_ROOT, "/")] + [(f, p) for p, f in sorted(_mounts.items())]
    if not isinstance(mount_point, str):
        raise TypeError("mount() needs a mount point, a path such as '/sd'")
    point = _resolve(mount_point)
    if point == "/" or point in _mounts:
        raise _board_error(errno.EPERM)
    if hasattr(fs, "mount"):
        fs.mount(readonly, mkfs)
    _mounts[point] = fs


def vfs_umount(mount_point):
    """`vfs.umount(mount_point or filesystem)`."""
    if isinstance(mount_point, str):
        point = _resolve(mount_point)
        found = point in _mounts
    else:
        point = next((p for p, f in _mounts.items() if f is mount_point), None)
        found = point is not None
    if not found:
        raise _board_error(errno.EINVAL)
    fs = _mounts.pop(point)
    if hasattr(fs, "umount"):
        fs.umount()
    cwd = _state["cwd"]
    if cwd == point or cwd.startswith(point + "/"):
        _state["cwd"] = "/"


def is_installed():
    """Whether a board's filesystem is in place (project and device modes)."""
    return _state["mounted"]


def install():
    """Makes the board's folder (set in `_pinloop_device_root`) the `/` of
    `os`, `posix`, `open`, `io.open` and `_io.open`."""
    _state["cwd"] = "/"
    _state["mounted"] = True
    _mounts.clear()
    for name, function in _DEVICE_FUNCTIONS.items():
        setattr(os, name, function)
        setattr(posix, name, function)
    os.mount = vfs_mount
    os.umount = vfs_umount
    builtins.open = open
    io.open = open
    _io.open = open
