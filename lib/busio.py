"""CircuitPython's busio.I2C and busio.SPI on pinloop's simulated board,
over the same buses as machine.SoftI2C/SoftSPI (_pinloop_buses), so the
devices of the board file, --i2c/--spi and pinloop.attach answer them and
drivers written for adafruit_bus_device run. As CircuitPython: transfers
need the lock (try_lock/unlock), buffers take start/end slices, a NACKed
address is OSError 19, and deinit (or leaving a `with`) ends the bus."""

import _pinloop_buses
from microcontroller import _pin_name

_ENODEV = 19
_EIO = 5


class _Locked:
    def _begin(self):
        self._lock_state = False

    def try_lock(self):
        self._live()
        if self._lock_state:
            return False
        self._lock_state = True
        return True

    def unlock(self):
        self._live()
        self._lock_state = False

    def _locked(self):
        self._live()
        if not self._lock_state:
            raise RuntimeError("Function requires lock")

    def _live(self):
        if self._bus is None:
            raise ValueError(
                "Object has been deinitialized and can no longer be used. Create a new object."
            )

    def deinit(self):
        self._bus = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.deinit()


def _view(buffer, start, end):
    return memoryview(buffer)[start:end]


class I2C(_Locked):
    def __init__(self, scl, sda, *, frequency=100000, timeout=255):
        self._bus = _pinloop_buses.SoftI2C(_pin_name(scl), _pin_name(sda), freq=frequency)
        self._begin()

    def scan(self):
        self._locked()
        return self._bus.scan()

    def readfrom_into(self, address, buffer, *, start=0, end=None):
        self._locked()
        view = _view(buffer, start, end)
        try:
            self._bus.readfrom_into(address, view)
        except OSError:
            raise OSError(_ENODEV) from None

    def writeto(self, address, buffer, *, start=0, end=None):
        self._locked()
        view = _view(buffer, start, end)
        try:
            acked = self._bus.writeto(address, view)
        except OSError:
            raise OSError(_ENODEV) from None
        if acked < len(view):
            raise OSError(_EIO)

    def writeto_then_readfrom(self, address, buffer_out, buffer_in, *, out_start=0,
                              out_end=None, in_start=0, in_end=None):
        self._locked()
        out = _view(buffer_out, out_start, out_end)
        into = _view(buffer_in, in_start, in_end)
        try:
            acked = self._bus.writeto(address, out, False)
            if acked < len(out):
                self._bus.writeto(address, b"")  # release the bus
                raise OSError(_EIO)
            self._bus.readfrom_into(address, into)
        except OSError as exc:
            if exc.args and exc.args[0] == _EIO:
                raise
            raise OSError(_ENODEV) from None


class SPI(_Locked):
    def __init__(self, clock, MOSI=None, MISO=None, half_duplex=False):
        self._pins = (
            _pin_name(clock),
            None if MOSI is None else _pin_name(MOSI),
            None if MISO is None else _pin_name(MISO),
        )
        self._bus = _pinloop_buses.SoftSPI.__new__(_pinloop_buses.SoftSPI)
        self._baudrate = 100000
        self._bus._setup(100000, 0, 0, 8, 0, *self._pins)
        self._begin()

    def configure(self, *, baudrate=100000, polarity=0, phase=0, bits=8):
        self._locked()
        self._bus._setup(baudrate, polarity, phase, bits, 0, *self._pins)
        self._baudrate = baudrate

    @property
    def frequency(self):
        self._live()
        return self._baudrate

    def write(self, buffer, *, start=0, end=None):
        self._locked()
        if self._pins[1] is None:
            raise ValueError("No MOSI pin")
        self._bus.write(_view(buffer, start, end))

    def readinto(self, buffer, *, start=0, end=None, write_value=0):
        self._locked()
        if self._pins[2] is None:
            raise ValueError("No MISO pin")
        self._bus.readinto(_view(buffer, start, end), write_value)

    def write_readinto(self, buffer_out, buffer_in, *, out_start=0, out_end=None,
                       in_start=0, in_end=None):
        self._locked()
        out = _view(buffer_out, out_start, out_end)
        into = _view(buffer_in, in_start, in_end)
        if len(out) != len(into):
            raise ValueError("buffer slices must be of equal length")
        self._bus.write_readinto(out, into)
