"""MicroPython's `vfs`: mount filesystems written in Python (or a folder of
the board's, `VfsPosix`) below the board's `/`. The board's filesystem
exists in project mode (`pinloop DIR`) and device mode (`--device`), where
DIR is `/`; a script run alone uses the host's files, which have no mount
table (`_pinloop_device_fs` does the work)."""

import _pinloop_device_fs

if not _pinloop_device_fs.is_installed():
    raise ImportError(
        "vfs needs a board's filesystem: run a firmware folder (pinloop DIR) "
        "or a device (pinloop --device LINK --fs DIR)"
    )

mount = _pinloop_device_fs.vfs_mount
umount = _pinloop_device_fs.vfs_umount
VfsPosix = _pinloop_device_fs.VfsPosix
