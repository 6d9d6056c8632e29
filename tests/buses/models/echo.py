# Test models: a chip that echoes what was written, one that raises, and a
# malformed file (bad.py) for the load error.
from pinloop.devices import I2CDevice, Nack


class Echo(I2CDevice):
    def __init__(self):
        self.last = b""
        self.events = []

    def on_start(self, read):
        self.events.append("start read" if read else "start write")

    def on_write(self, data):
        self.events.append("write " + data.hex())
        self.last = data
        if b"\x00" in data:
            return data.index(b"\x00")  # NACKs the zero byte and what follows

    def on_read(self, n):
        self.events.append("read {}".format(n))
        return self.last[:n]

    def on_stop(self):
        self.events.append("stop")


class Faulty(I2CDevice):
    def on_read(self, n):
        raise ValueError("sensor on fire")


class Busy(I2CDevice):
    def on_start(self, read):
        raise Nack()
