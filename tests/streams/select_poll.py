# pinloop: --clock virtual --board pyboard --wire X1=X2
# select.poll over MicroPython streams and file descriptors: a UART (bytes
# paced by the baud rate), a ThreadSafeFlag, a Python device, a pipe;
# poll() and ipoll() with timeouts in the active clock, one-shot ipoll,
# register twice (changes the mask), modify, unregister.
import asyncio
import io
import os
import select
import time
from machine import UART
from select import POLLIN, POLLOUT, poll

uart = UART(4, 9600)
flag = asyncio.ThreadSafeFlag()
read_end, write_end = os.pipe()


class Ready(io.IOBase):
    def __init__(self):
        self.ready = False

    def ioctl(self, req, arg):
        return arg & 1 if req == 3 and self.ready else 0


device = Ready()
poller = poll()
poller.register(uart, POLLIN)
poller.register(flag, POLLIN)
poller.register(device, POLLIN)
poller.register(read_end, POLLIN)
print("constants:", select.POLLIN, select.POLLOUT, select.POLLERR, select.POLLHUP)


def names(events):
    labels = {id(uart): "uart", id(flag): "flag", id(device): "device", id(read_end): "pipe"}
    return sorted((labels.get(id(obj), obj), event) for obj, event in events)


print("nothing ready:", poller.poll(0))
t = time.ticks_ms()
print("a 50 ms timeout:", poller.poll(50), "after", time.ticks_diff(time.ticks_ms(), t), "ms")
uart.write(b"ab")
print("after a UART write:", names(poller.poll(0)))
uart.read()
flag.set()
device.ready = True
os.write(write_end, b"x")
print("all:", names(poller.poll(0)))
print("one-shot:", names(poller.ipoll(0, 1)))
print("one-shot again (disarmed):", names(poller.ipoll(0, 1)))
poller.modify(flag, POLLIN)
print("modify re-arms:", names(poller.ipoll(0)))
poller.register(uart, POLLOUT)  # registered again: the mask changes
print("the UART can take a byte:", names(poller.poll(0)))
for obj in (flag, device, read_end, uart):
    poller.unregister(obj)
print("all unregistered:", poller.poll(0))

# A blocking poll waits in the active clock for the UART's first byte.
poller.register(uart, POLLIN)
uart.write(b"z")
t = time.ticks_us()
print("blocking poll:", names(poller.poll()), "(the byte's last", time.ticks_diff(time.ticks_us(), t), "us)")
