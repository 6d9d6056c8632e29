# Simulated devices for the board's buses, written in Python: subclass
# I2CDevice (or RegisterDevice) and attach it in the board file, with
# --i2c, or with pinloop.attach(). docs/devices.md has the whole API and a
# worked example. A device runs on the board's clock: time.ticks_us() is
# the time the firmware sees, and machine.Pin drives its data-ready lines.


import machine


def level(pin):
    """The level of board pin `pin` (a name) now, as the chip's input
    wired to it sees it: True or False."""
    return machine._pin_level(pin)


def watch(pin, callback):
    """Calls `callback(level)` on each edge of board pin `pin` (a name),
    whoever drives it: a chip's input watching a line."""
    machine._watch_pin(pin, callback)


def drive(pin, level):
    """Drives board pin `pin` (a name) from the device's side, as a chip's
    output wired to it: 1 or 0, or None to let go. The firmware's own Pin
    on it reads the level and its IRQ fires, whatever mode the firmware
    gave the pin."""
    machine._drive_from_outside(pin, None if level is None else bool(level))


class Nack(Exception):
    """Raised by a device to NACK: in on_start, its address (the driver
    gets OSError ENODEV); in on_write, the bytes from the one that raised
    (writeto returns how many were ACKed)."""


class I2CDevice:
    """A chip on an I2C bus. The bus calls, for each transaction:
    on_start(read) when the chip is addressed (a start or repeated start),
    then on_write(data) or on_read(n), and on_stop() at the stop.
    `bus` and `address` are set when it is attached."""

    bus = None
    address = None
    _stretch_us = 0

    def on_attach(self):
        """Called once the device is on its bus (`bus` and `address` set,
        settings applied): the place to watch pins."""

    def on_start(self, read):
        pass

    def on_write(self, data):
        """The bytes the controller wrote; returns how many the chip ACKed
        (None: all)."""
        return None

    def on_read(self, n):
        """The `n` bytes the controller reads (fewer are padded with 0xFF,
        a released bus)."""
        return b"\xff" * n

    def on_stop(self):
        pass

    def stretch(self, us):
        """Holds SCL low for `us` microseconds (a chip busy converting):
        the controller waits, and past its timeout gets OSError
        ETIMEDOUT."""
        self._stretch_us += int(us)


class SPIDevice:
    """A chip on an SPI bus, selected by its chip-select pin low. The bus
    calls on_select() when the pin falls, on_transfer(data) for each
    transfer while it is low (full duplex: it returns the bytes it shifts
    out, as many as `data`; None or fewer: 0xFF for the rest), and
    on_deselect() when the pin rises. `bus` and `cs` (the pin's name) are
    set when it is attached."""

    bus = None
    cs = None

    def on_attach(self):
        """Called once the device is on its bus (`bus` and `cs` set,
        settings applied): the place to watch pins."""

    def on_select(self):
        pass

    def on_transfer(self, data):
        return None

    def on_deselect(self):
        pass


class RegisterDevice(I2CDevice):
    """A chip whose registers sit behind an address pointer, as most
    sensors and EEPROMs: a write's first `pointer_bytes` bytes (big-endian)
    set the pointer, further bytes are written from it; a read reads from
    it; the pointer moves on after every byte, wrapping at `size`.
    Override read_register/write_register for registers that do things."""

    pointer_bytes = 1
    size = 256

    def __init__(self):
        self.registers = bytearray(self.size)
        self.pointer = 0
        self._pointer_left = 0
        self._new_pointer = 0

    def on_start(self, read):
        if not read:
            self._pointer_left = self.pointer_bytes
            self._new_pointer = 0

    def on_write(self, data):
        for byte in data:
            if self._pointer_left:
                self._new_pointer = (self._new_pointer << 8) | byte
                self._pointer_left -= 1
                if not self._pointer_left:
                    self.pointer = self._new_pointer % self.size
            else:
                self.write_register(self.pointer, byte)
                self.pointer = (self.pointer + 1) % self.size
        return None

    def on_read(self, n):
        out = bytearray(n)
        for i in range(n):
            out[i] = self.read_register(self.pointer) & 0xFF
            self.pointer = (self.pointer + 1) % self.size
        return out

    def read_register(self, register):
        return self.registers[register]

    def write_register(self, register, value):
        self.registers[register] = value
