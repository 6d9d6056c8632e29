"""mip, MicroPython's package installer, as its documentation describes it:
`install(package, index=None, target=None, version=None, mpy=True)` takes
a micropython-lib package name, a `github:org/repo/path` or
`gitlab:org/repo/path` shorthand, or an http(s) URL; a URL that does not
name a .py, .mpy or .json file means its package.json. A package.json lists
files to copy ("urls", or "hashes" into the index) and packages it depends
on ("deps"). The files go into `target`, by default the first sys.path entry
ending in "/lib". `pinloop -m mip install [--target DIR] [--index URL]
[--no-mpy] PACKAGE[@VERSION]...` does the same from the command line.

pinloop runs source, so it always asks the index for .py files. It has no
TLS: an https:// URL fails with a message saying so, unless
PINLOOP_MIP_MIRROR names a folder holding a mirror of the sites, read as
MIRROR/HOST/PATH for every URL (the way to install offline, and how the
tests install)."""

import json
import os
import sys

_DEFAULT_INDEX = "https://micropython.org/pi/v2"


class _NotFound(Exception):
    pass


def _rewrite_url(url, branch=None):
    """The http(s) URL of a github:/gitlab: shorthand; other URLs as they are."""
    for prefix, template in (
        ("github:", "https://raw.githubusercontent.com/{org}/{repo}/{branch}/{path}"),
        ("gitlab:", "https://gitlab.com/{org}/{repo}/-/raw/{branch}/{path}"),
    ):
        if url.startswith(prefix):
            parts = url[len(prefix):].split("/")
            if len(parts) < 2 or not parts[0] or not parts[1]:
                raise ValueError("mip: {!r} is not {}ORG/REPO[/PATH]".format(url, prefix))
            return template.format(org=parts[0], repo=parts[1], branch=branch or "HEAD",
                                   path="/".join(parts[2:]))
    return url


def _fetch(url):
    """The bytes at `url`; _NotFound when the server has no such file."""
    mirror = os.getenv("PINLOOP_MIP_MIRROR")
    scheme, _, rest = url.partition("://")
    if mirror:
        try:
            with open(os.path.join(mirror, rest), "rb") as source:
                return source.read()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise _NotFound(url)
    if scheme == "http":
        return _fetch_http(rest, url)
    if scheme == "https":
        raise OSError("mip: cannot fetch {}: pinloop has no TLS for https. Mirror the files "
                      "in a folder and set PINLOOP_MIP_MIRROR to it, or install from the "
                      "host with `mpremote mip install`".format(url))
    raise ValueError("mip: {!r} is not an http(s) URL".format(url))


def _fetch_http(rest, url):
    import http.client

    host, _, path = rest.partition("/")
    connection = http.client.HTTPConnection(host, timeout=30)
    try:
        connection.request("GET", "/" + path)
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    if response.status == 404:
        raise _NotFound(url)
    if response.status != 200:
        raise OSError("mip: {} answered HTTP {} {}".format(url, response.status,
                                                           response.reason))
    return body


def _write(target, dest, data):
    path = target.rstrip("/") + "/" + dest.lstrip("/")
    folder = path.rpartition("/")[0]
    if folder:
        os.makedirs(folder, exist_ok=True)
    with open(path, "wb") as out:
        out.write(data)
    print("Copying:", path)


def _copy(url, target, dest):
    try:
        data = _fetch(url)
    except _NotFound:
        print("File not found: {} {}".format(url, dest))
        return False
    _write(target, dest, data)
    return True


def _install_json(url, index, target, version, mpy):
    try:
        package = json.loads(_fetch(_rewrite_url(url, version)))
    except _NotFound:
        print("Package not found:", url)
        return False
    ok = True
    for dest, short_hash in package.get("hashes", ()):
        file_url = "{}/file/{}/{}".format(index, short_hash[:2], short_hash)
        ok = _copy(file_url, target, dest) and ok
    for dest, source in package.get("urls", ()):
        ok = _copy(_rewrite_url(source, version), target, dest) and ok
    for name, dep_version in package.get("deps", ()):
        ok = _install_package(name, index, target, dep_version, mpy) and ok
    return ok


def _is_url(package):
    return package.startswith(("http://", "https://", "github:", "gitlab:"))


def _install_package(package, index, target, version, mpy):
    if _is_url(package):
        _rewrite_url(package)  # a malformed shorthand fails here, before any fetch
        if package.endswith((".py", ".mpy")):
            print("Downloading {} to {}".format(package, target))
            return _copy(_rewrite_url(package, version), target, package.rpartition("/")[2])
        if not package.endswith(".json"):
            package = package.rstrip("/") + "/package.json"
        print("Installing {} to {}".format(package, target))
        return _install_json(package, index, target, version, mpy)
    # pinloop compiles source: it asks the index for .py files, never .mpy.
    version = version or "latest"
    print("Installing {} ({}) from {} to {}".format(package, version, index, target))
    return _install_json("{}/package/py/{}/{}.json".format(index, package, version),
                         index, target, version, mpy)


def install(package, index=None, target=None, version=None, mpy=True):
    if target is None:
        target = next((p for p in sys.path if p.endswith("/lib")), None)
        if target is None:
            print("Unable to find lib dir in sys.path")
            return
    if index is None:
        index = _DEFAULT_INDEX
    if version is None and "@" in package and not package.startswith(("http://", "https://")):
        package, _, version = package.rpartition("@")
    if _install_package(package, index.rstrip("/"), target, version, mpy):
        print("Done")
    else:
        print("Package may be partially installed")


def _main(argv):
    usage = ("usage: mip install [--target DIR] [--index URL] [--no-mpy] "
             "PACKAGE[@VERSION]...")
    if not argv or argv[0] != "install":
        print(usage)
        return 2
    options = {"target": None, "index": None, "mpy": True}
    packages = []
    args = iter(argv[1:])
    for arg in args:
        if arg in ("--target", "--index"):
            value = next(args, None)
            if value is None:
                print("mip: {} needs a value".format(arg))
                print(usage)
                return 2
            options[arg[2:]] = value
        elif arg == "--no-mpy":
            options["mpy"] = False
        elif arg.startswith("-"):
            print("mip: unknown option", arg)
            print(usage)
            return 2
        else:
            packages.append(arg)
    if not packages:
        print(usage)
        return 2
    for package in packages:
        install(package, **options)
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
