"""`struct`: CPython's (`_struct`, native) with MicroPython's additions and
checks:
- a format ending in a count with no type after it (`'1'`, `'<2H3'`) is
  an error, as in CPython and MicroPython (RustPython 0.5.0 accepted `1`);
- `pack` and `pack_into` take fewer values than the format holds and pack
  zeros (empty bytes for `s`) for the rest, as MicroPython does;
- `O` packs a reference to any object (its id, pointer-sized) that `unpack`
  turns back into the object; the objects are kept alive for the unpack,
  as a board's heap keeps what a pointer points to only by chance."""

import _struct
from _struct import Struct, error, _clearcache  # noqa: F401

_formats = {}
_objects = {}


def _parse(fmt):
    """(format for _struct, one entry per value: its type character)."""
    known = _formats.get(fmt)
    if known is not None:
        return known
    text = bytes(fmt).decode("latin-1") if isinstance(fmt, (bytes, bytearray)) else fmt
    if not isinstance(text, str):
        return None  # _struct raises its own TypeError
    body = text.rstrip()
    if body and body[-1].isdigit():
        raise error("bad char in struct format")
    kinds = []
    count = ""
    for ch in body.lstrip("@=<>!"):
        if ch.isdigit():
            count += ch
            continue
        if ch.isspace():
            continue
        n = int(count) if count else 1
        count = ""
        if ch in "sp":
            kinds.append(ch)
        elif ch != "x":
            kinds.extend(ch * n)
    standard = text[:1] in ("=", "<", ">", "!")  # sizes of their own: no P
    native = text.replace("O", "Q" if standard else "P")
    parsed = (native, tuple(kinds))
    if len(_formats) < 256:
        _formats[fmt] = parsed
    return parsed


def _values(kinds, values):
    values = list(values)
    for kind in kinds[len(values):]:
        values.append(b"" if kind in "sp" else 0)
    for at, kind in enumerate(kinds):
        if kind == "O" and at < len(values):
            obj = values[at]
            _objects[id(obj)] = obj
            values[at] = id(obj)
    return values


def _unpacked(kinds, values):
    if "O" not in kinds:
        return values
    return tuple(_objects.get(v) if k == "O" else v for k, v in zip(kinds, values))


def calcsize(fmt):
    parsed = _parse(fmt)
    return _struct.calcsize(parsed[0] if parsed else fmt)


def pack(fmt, *values):
    parsed = _parse(fmt)
    if parsed is None:
        return _struct.pack(fmt, *values)
    return _struct.pack(parsed[0], *_values(parsed[1], values))


def pack_into(fmt, buffer, offset, *values):
    parsed = _parse(fmt)
    if parsed is None:
        return _struct.pack_into(fmt, buffer, offset, *values)
    return _struct.pack_into(parsed[0], buffer, offset, *_values(parsed[1], values))


def unpack(fmt, buffer):
    parsed = _parse(fmt)
    if parsed is None:
        return _struct.unpack(fmt, buffer)
    return _unpacked(parsed[1], _struct.unpack(parsed[0], buffer))


def unpack_from(fmt, buffer, offset=0):
    parsed = _parse(fmt)
    if parsed is None:
        return _struct.unpack_from(fmt, buffer, offset)
    return _unpacked(parsed[1], _struct.unpack_from(parsed[0], buffer, offset))


def iter_unpack(fmt, buffer):
    parsed = _parse(fmt)
    if parsed is None:
        return _struct.iter_unpack(fmt, buffer)
    return (_unpacked(parsed[1], v) for v in _struct.iter_unpack(parsed[0], buffer))
