# Reprs as MicroPython prints them: a class without its module, an
# exception with its args tuple, a builtin module without "(built-in)".
import machine
import socket
import sys


class Sensor:
    pass


class Fault(Exception):
    pass


print(Sensor, type(Sensor()), machine.Pin, socket.socket, int)
print(repr(Fault(3)), repr(Fault()), repr(Fault("a", 1)), [ValueError("v")])
print(sys, machine)
