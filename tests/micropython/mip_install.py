# mip: packages from a mirror folder (PINLOOP_MIP_MIRROR, set here at run
# time), a package's deps and index hashes, a single file, a branch given
# as version or @, the command line, and bad input: a missing package or
# file, https without a mirror (pinloop has no TLS), a bad shorthand; no
# /lib on sys.path: ./lib.
import hashlib
import json
import os
import shutil
import sys
import tempfile

root = tempfile.mkdtemp()
mirror = root + "/mirror"
lib = root + "/lib"


def put(path, text):
    path = mirror + "/" + path
    os.makedirs(path.rpartition("/")[0], exist_ok=True)
    with open(path, "w") as out:
        out.write(text)


put("raw.githubusercontent.com/org/repo/HEAD/pkg/package.json", json.dumps({
    "urls": [["pkg/__init__.py", "github:org/repo/pkg/__init__.py"]],
    "deps": [["helper", "1.0"]]}))
put("raw.githubusercontent.com/org/repo/HEAD/pkg/__init__.py", "VALUE = 'pkg'\n")
HELPER = "VALUE = 'helper'\n"
HELPER_HASH = hashlib.sha256(HELPER.encode()).hexdigest()[:8]
put("index.example/package/py/helper/1.0.json", json.dumps({
    "hashes": [["helper.py", HELPER_HASH]], "version": "1.0"}))
put("index.example/file/{}/{}".format(HELPER_HASH[:2], HELPER_HASH), HELPER)
put("raw.githubusercontent.com/org/repo/dev/one.py", "VALUE = 'one from dev'\n")
put("gitlab.com/org/repo/-/raw/HEAD/two.py", "VALUE = 'two'\n")
put("raw.githubusercontent.com/org/repo/HEAD/broken/package.json", json.dumps({
    "urls": [["broken.py", "github:org/repo/broken/missing.py"]]}))

os.environ["PINLOOP_MIP_MIRROR"] = mirror
os.mkdir(lib)
sys.path.insert(0, lib)
import mip


def show(text):
    print(text.replace(root, "<root>"))


def run(*args, **kwargs):
    import io

    captured = io.StringIO()
    stdout, sys.stdout = sys.stdout, captured
    try:
        mip.install(*args, **kwargs)
    except Exception as error:
        captured.write("{}: {}\n".format(type(error).__name__, error))
    finally:
        sys.stdout = stdout
    show(captured.getvalue().rstrip("\n"))


run("github:org/repo/pkg", index="http://index.example")
import pkg
import helper
print(pkg.VALUE, helper.VALUE)
run("github:org/repo/one.py", version="dev")
run("gitlab:org/repo/two.py@HEAD", target=root + "/other")
print(sorted(os.listdir(root + "/other")))
run("github:org/repo/absent")
run("github:org/repo/broken")
run("nosuchpackage", index="http://index.example")
os.environ.pop("PINLOOP_MIP_MIRROR")
run("github:org/repo/pkg")
run("github:org")
# No /lib on sys.path (a script run): installs to ./lib.
sys.path.remove(lib)
here = os.getcwd()
os.mkdir(root + "/project")
os.chdir(root + "/project")
os.environ["PINLOOP_MIP_MIRROR"] = mirror
run("gitlab:org/repo/two.py")
print(sorted(os.listdir(root + "/project/lib")))
os.chdir(here)
sys.path.insert(0, lib)
sys.argv = ["mip"]
print("exit", mip._main([]))
print("exit", mip._main(["install", "--target"]))
shutil.rmtree(root)
