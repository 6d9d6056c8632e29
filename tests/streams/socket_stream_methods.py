# Sockets have MicroPython's stream methods (read, readinto, readline,
# write: what umqtt and other drivers call), and a timeout is errno 110.
import errno
import socket

a, b = socket.socketpair()
print(a.write("hello\n"), a.write(b"world\n"), a.write(b"!?", 1))
print(b.readline(), b.readline())
buffer = bytearray(4)
print(b.readinto(buffer), buffer)
a.write(b"tail")
print(b.read(2), b.read(2))
b.setblocking(False)
print("nothing to read:", b.read(10), b.readline(), b.readinto(buffer))
b.setblocking(True)
b.settimeout(0.05)
try:
    b.recv(1)
except OSError as exc:
    print(type(exc).__name__, exc.errno == errno.ETIMEDOUT, exc.args[0], isinstance(exc, TimeoutError))
try:
    b.read(1)
except OSError as exc:
    print("read:", exc)
b.settimeout(None)
a.write(b"last words")
a.close()
print(b.read())

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", 0))
server.listen(1)
client = socket.socket()
client.connect(server.getsockname())
peer, _ = server.accept()
client.write(b"ping\n")
print(peer.readline(), type(peer) is socket.socket, hasattr(peer, "readline"))
for s in (peer, client, server, b):
    s.close()
