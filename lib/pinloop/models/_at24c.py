# AT24C-series serial EEPROMs (Microchip AT24C32/AT24C256 datasheets):
# addresses 0x50-0x57, a 2-byte word address, page writes that wrap within
# their page, a write cycle (tWR, 5 ms) after the stop during which the chip
# NACKs its address (the driver polls for the ACK), sequential reads that
# wrap at the end of memory, and current-address reads. Erased bytes are
# 0xFF.

import time

from pinloop.devices import I2CDevice, Nack

_WRITE_CYCLE_US = 5000


class AT24C(I2CDevice):
    size = 4096
    page = 32

    def __init__(self):
        self.memory = bytearray(b"\xff" * self.size)
        self.pointer = 0
        self._busy_until = None
        self._received = None  # bytes of the write in progress

    def on_start(self, read):
        if self._busy_until is not None:
            if time.ticks_diff(self._busy_until, time.ticks_us()) > 0:
                raise Nack()  # still writing the last page
            self._busy_until = None
        # A repeated start ends a write without committing it: its address
        # stands (the "dummy write" a random read begins with).
        self._take_write(commit=False)
        self._received = None if read else bytearray()

    def on_write(self, data):
        self._received.extend(data)
        return None

    def on_stop(self):
        self._take_write(commit=True)

    def _take_write(self, commit):
        received, self._received = self._received, None
        if not received or len(received) < 2:
            return  # nothing, or half an address: nothing is set
        self.pointer = ((received[0] << 8) | received[1]) % self.size
        data = received[2:]
        if not data or not commit:
            return  # a dummy write: it only sets the address
        # A page write: the address rolls over within its page.
        page_start = self.pointer - self.pointer % self.page
        offset = self.pointer % self.page
        for byte in data[-self.page:] if len(data) > self.page else data:
            self.memory[page_start + offset] = byte
            offset = (offset + 1) % self.page
        self.pointer = page_start + offset
        self._busy_until = time.ticks_add(time.ticks_us(), _WRITE_CYCLE_US)

    def on_read(self, n):
        out = bytearray(n)
        for i in range(n):
            out[i] = self.memory[self.pointer]
            self.pointer = (self.pointer + 1) % self.size
        return out
