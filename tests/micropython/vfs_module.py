# vfs: one filesystem, at /, listed by vfs.mount(); mounting another is
# refused with OSError(EPERM) saying what to do (os.mount is the same).
import os
import vfs

print(vfs.mount(), os.statvfs("/")[0] > 0)
for call in (lambda: vfs.mount(object(), "/remote"), lambda: os.mount(object(), "/sd")):
    try:
        call()
    except OSError as e:
        print("OSError", e.errno, "cannot mount" in str(e))
for point in ("/", "/sd"):
    try:
        vfs.umount(point)
    except OSError as e:
        print("OSError", e.errno)
