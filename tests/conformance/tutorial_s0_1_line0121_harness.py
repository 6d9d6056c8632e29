# pinloop: --clock virtual
# pinloop-env: PINLOOP_MIP_MIRROR=mip_mirror
# Harness for the 0.1 install lines (tutorial_s0_1_line0121.py, unchanged):
# mip installs the tutorial's two packages from GitHub. The test has no
# network, so PINLOOP_MIP_MIRROR reads GitHub from mip_mirror/, which holds
# our stand-ins; the target is a fresh folder ending in /lib put first on
# sys.path, as mip's default target is the first such entry (its path is
# shown as <lib>). Then the installed packages import from there.
import io
import os
import sys
import tempfile
import fragment

lib = tempfile.mkdtemp() + "/lib"
os.mkdir(lib)
sys.path.insert(0, lib)
captured = io.StringIO()
real_stdout, sys.stdout = sys.stdout, captured
try:
    fragment.run("tutorial_s0_1_line0121.py")
finally:
    sys.stdout = real_stdout
print(captured.getvalue().replace(lib, "<lib>"), end="")

import primitives
import threadsafe

for module in (primitives, threadsafe):
    print(module.__name__, "imported from <lib>:", module.__file__.startswith(lib))
print(sorted(name for name in ("Barrier", "Delay_ms", "WaitAny") if hasattr(primitives, name)),
      sorted(name for name in ("ThreadSafeEvent", "ThreadSafeQueue") if hasattr(threadsafe, name)))

import shutil

shutil.rmtree(lib.rpartition("/")[0])
