"""`vfs`: MicroPython's filesystem mounts, as far as pinloop has them. There
is one filesystem, at `/`: the folder a device or project runs in
(`pinloop --device LINK --fs DIR`, `pinloop DIR`), else the host's own.
`vfs.mount()` lists it (mpremote's `df` reads the list). Mounting another
filesystem (a `VfsFat` on a block device, mpremote's `mount` of the host's
folder) is not there yet: it raises OSError(EPERM) with a message saying
what to use instead, rather than pretending."""

import errno


class VfsPosix:
    """The host folder serving as the board's `/`."""

    def __init__(self, root=None):
        self.root = root

    def __repr__(self):
        return "<VfsPosix>"


_ROOT = VfsPosix()

_NOT_YET = (
    "pinloop cannot mount a filesystem yet; its one filesystem is the folder "
    "it runs in (--fs DIR or pinloop DIR): copy files there, or with mpremote fs cp"
)


def mount(fs=None, mount_point=None, *, readonly=False):
    if fs is None and mount_point is None:
        return [(_ROOT, "/")]
    raise OSError(errno.EPERM, _NOT_YET)


def umount(mount_point):
    if mount_point in ("/", _ROOT):
        raise OSError(errno.EPERM, "/ is pinloop's only filesystem: it cannot be unmounted")
    raise OSError(errno.EINVAL, "nothing is mounted at %r" % (mount_point,))
