# json.dumps writes bytes as strings, as MicroPython's json does (CPython
# raises TypeError); the rest of json is CPython's.
import io
import json

print(json.dumps(b"1234"), json.dumps({"a": [1, bytearray(b"x")]}))
stream = io.StringIO()
json.dump([b"z"], stream)
print(stream.getvalue(), json.loads('{"k": [1, 2.5, null]}'))
print(json.dumps(b"x", default=lambda o: "mine"))
try:
    json.dumps(object())
except TypeError as exc:
    print("TypeError:", exc)
