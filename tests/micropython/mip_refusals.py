# mip refuses what would harm the host: a file path that leaves the target
# folder (by `..`, or through a symlink already in it) and a file whose
# SHA-256 does not start with the index's hash. A refused package writes
# none of its files; the command line then exits with status 1. Files are
# written whole (no temporary left behind).
import hashlib
import json
import os
import shutil
import sys
import tempfile

root = tempfile.mkdtemp()
mirror = root + "/mirror"
lib = root + "/box/lib"
outside = root + "/outside"
os.makedirs(lib)
os.mkdir(outside)
os.symlink(outside, lib + "/link")


def put(path, text):
    path = mirror + "/" + path
    os.makedirs(path.rpartition("/")[0], exist_ok=True)
    with open(path, "w") as out:
        out.write(text)


def package(name, **fields):
    put("raw.githubusercontent.com/org/repo/HEAD/{}/package.json".format(name), json.dumps(fields))


put("raw.githubusercontent.com/org/repo/HEAD/f.py", "X = 1\n")
package("up", urls=[["good.py", "github:org/repo/f.py"], ["../../../x.py", "github:org/repo/f.py"]])
package("updown", urls=[["sub/../../../y.py", "github:org/repo/f.py"]])
package("nul", urls=[["a\0b.py", "github:org/repo/f.py"]])
package("symlink", urls=[["link/z.py", "github:org/repo/f.py"]])
package("nested", urls=[["link/deep/w.py", "github:org/repo/f.py"]])
package("inside", urls=[["sub/../fine.py", "github:org/repo/f.py"], ["/rooted.py", "github:org/repo/f.py"]])

GOOD = "G = 'good'\n"
good_hash = hashlib.sha256(GOOD.encode()).hexdigest()[:10]
put("index.example/file/{}/{}".format(good_hash[:2], good_hash), GOOD)
put("index.example/file/de/deadbeef", "EVIL = True\n")
put("index.example/package/py/bad/latest.json", json.dumps(
    {"hashes": [["ok.py", good_hash], ["h.py", "deadbeef"]]}))
put("index.example/package/py/good/latest.json", json.dumps({"hashes": [["ok.py", good_hash]]}))

os.environ["PINLOOP_MIP_MIRROR"] = mirror
import mip


def files(folder):
    found = []
    for here, dirs, names in os.walk(folder):
        for name in names:
            found.append(os.path.relpath(os.path.join(here, name), folder))
    return sorted(found)


def install(*args):
    import io

    captured = io.StringIO()
    stdout, sys.stdout = sys.stdout, captured
    try:
        status = mip._main(["install", "--target", lib, "--index", "http://index.example"] + list(args))
    finally:
        sys.stdout = stdout
    print(captured.getvalue().replace(root, "<root>").rstrip("\n"))
    print("exit", status, "| lib:", files(lib), "| outside:", files(outside),
          "| root:", [n for n in os.listdir(root) if n not in ("mirror", "box", "outside")])


for name in ("up", "updown", "nul", "symlink", "nested"):
    install("github:org/repo/" + name)
install("bad")
install("good")
install("github:org/repo/inside")
install("good", "bad")
shutil.rmtree(root)
