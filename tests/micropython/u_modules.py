# The u-names are the same module objects as the plain names.
import json, ujson, os, uos, time, utime, select, uselect, io, uio
import struct, ustruct, random, urandom, collections, ucollections
import binascii, ubinascii, hashlib, uhashlib, errno, uerrno, sys, usys
import re, ure, heapq, uheapq, array, uarray

pairs = [
    (json, ujson), (os, uos), (time, utime), (select, uselect), (io, uio),
    (struct, ustruct), (random, urandom), (collections, ucollections),
    (binascii, ubinascii), (hashlib, uhashlib), (errno, uerrno), (sys, usys),
    (re, ure), (heapq, uheapq), (array, uarray),
]
print(all(a is b for a, b in pairs), len(pairs))
print(ujson.dumps({"a": [1, 2]}), ubinascii.hexlify(b"\x01\xff"))
from ucollections import deque, namedtuple

print(deque([1, 2]).popleft(), namedtuple("P", "x y")(1, 2))
import sys

print(sys.modules["ujson"] is json)
try:
    import unothing
except ImportError as exc:
    print("ImportError:", exc)
# A file named with the u-name wins, as in MicroPython.
import ustrangeshadow
import uheapq as again

print(again is heapq)
