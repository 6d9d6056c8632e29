"""mip, MicroPython's package installer, as its documentation describes it:
`install(package, index=None, target=None, version=None, mpy=True)` takes
a micropython-lib package name, a `github:org/repo/path` or
`gitlab:org/repo/path` shorthand, or an http(s) URL; a URL that does not
name a .py, .mpy or .json file means its package.json. A package.json lists
files to copy ("urls", or "hashes" into the index: a prefix of the file's
SHA-256, checked) and packages it depends on ("deps"). The files go into
`target`, by default the first sys.path entry ending in "/lib"; a path that
would leave it (`..`, a symlink) is refused, and a package with a refused
path or a wrong hash writes none of its files. Each file is written whole or
not at all. From the command line, the status is 1 unless every package
was installed. `pinloop -m mip install [--target DIR] [--index URL]
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


class _Refused(Exception):
    """A file mip will not install (its path or its hash is wrong)."""


def _destination(target, dest):
    """The path `dest` names inside `target`; _Refused if it would leave
    the folder, by `..` or through a symlink already there."""
    parts = []
    for part in dest.replace("\\", "/").split("/"):
        if part in ("", "."):
            continue
        if (part == ".." and not parts) or "\0" in part:
            raise _Refused("mip: refusing {!r}: a file's path must stay inside the target "
                           "folder {}".format(dest, target))
        if part == "..":
            parts.pop()
        else:
            parts.append(part)
    if not parts:
        raise _Refused("mip: refusing {!r}: it names no file".format(dest))
    path = target.rstrip("/") + "/" + "/".join(parts)
    root = os.path.realpath(target)
    folder = os.path.realpath(path.rpartition("/")[0])
    if folder != root and not folder.startswith(root.rstrip("/") + "/"):
        raise _Refused("mip: refusing {!r}: {} leads outside the target folder {} (a "
                       "symlink?)".format(dest, path.rpartition("/")[0], target))
    return path


def _check_hash(dest, data, short_hash):
    """The index names a file by a prefix of its SHA-256 in hex."""
    import hashlib

    digest = hashlib.sha256(data).hexdigest()
    if not short_hash or not digest.startswith(short_hash.lower()):
        raise _Refused("mip: {}: the file's SHA-256 is {}, not {}...: not installed".format(
            dest, digest, short_hash))


def _write(path, data):
    """Writes the file whole or not at all: into a temporary file beside
    it, then renamed over it (a kill leaves the old file or the new one)."""
    folder = path.rpartition("/")[0]
    if folder:
        os.makedirs(folder, exist_ok=True)
    temp = "{}/.{}.mip-{}.tmp".format(folder or ".", path.rpartition("/")[2], os.getpid())
    try:
        with open(temp, "wb") as out:
            out.write(data)
        os.rename(temp, path)
    except BaseException:
        try:
            os.remove(temp)
        except OSError:
            pass
        raise
    print("Copying:", path)


def _fetch_file(url, dest):
    """The file's bytes, or None (said) when the server has none."""
    try:
        return _fetch(url)
    except _NotFound:
        print("File not found: {} {}".format(url, dest))
        return None


def _copy(url, target, dest):
    try:
        path = _destination(target, dest)
    except _Refused as refused:
        print(refused)
        return False
    data = _fetch_file(url, dest)
    if data is None:
        return False
    _write(path, data)
    return True


def _install_json(url, index, target, version, mpy):
    try:
        package = json.loads(_fetch(_rewrite_url(url, version)))
    except _NotFound:
        print("Package not found:", url)
        return False
    # Every file is fetched and checked before any is written, so a bad
    # path or hash leaves nothing of the package behind.
    files = []
    ok = True
    try:
        for dest, short_hash in package.get("hashes", ()):
            path = _destination(target, dest)
            file_url = "{}/file/{}/{}".format(index, short_hash[:2], short_hash)
            data = _fetch_file(file_url, dest)
            if data is None:
                ok = False
                continue
            _check_hash(dest, data, short_hash)
            files.append((path, data))
        for dest, source in package.get("urls", ()):
            path = _destination(target, dest)
            data = _fetch_file(_rewrite_url(source, version), dest)
            if data is None:
                ok = False
                continue
            files.append((path, data))
    except _Refused as refused:
        print(refused)
        return False
    for path, data in files:
        _write(path, data)
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
    _install(package, index, target, version, mpy)


def _install(package, index=None, target=None, version=None, mpy=True):
    """install(); True if everything was installed."""
    if target is None:
        target = next((p for p in sys.path if p.endswith("/lib")), None)
        if target is None:
            # A board always has /lib; a script run has no such entry, so
            # the packages go where `pinloop DIR` (and MICROPYPATH=lib)
            # will find them: ./lib.
            target = "lib"
            print("No lib folder on sys.path: installing to ./lib (run the folder with "
                  "`pinloop .`, or a script with MICROPYPATH=lib)")
    if index is None:
        index = _DEFAULT_INDEX
    if version is None and "@" in package and not package.startswith(("http://", "https://")):
        package, _, version = package.rpartition("@")
    if _install_package(package, index.rstrip("/"), target, version, mpy):
        print("Done")
        return True
    print("Package may be partially installed")
    return False


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
    # Status 1 if anything was not installed, so a script or CI notices.
    status = 0
    for package in packages:
        try:
            if not _install(package, **options):
                status = 1
        except (OSError, ValueError) as error:
            print(error)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
