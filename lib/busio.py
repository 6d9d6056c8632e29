"""CircuitPython's busio.I2C, busio.SPI and busio.UART on pinloop's
simulated board. I2C and SPI run over the same buses as
machine.SoftI2C/SoftSPI (_pinloop_buses), so the devices of the board
file, --i2c/--spi and pinloop.attach answer them and drivers written for
adafruit_bus_device run. As CircuitPython: transfers need the lock
(try_lock/unlock), buffers take start/end slices, a NACKed address is
OSError 19, and deinit (or leaving a `with`) ends the bus. UART is one of
the board's UARTs, found by its pins, over machine.UART."""

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


class _Parity:
    ODD = "ODD"
    EVEN = "EVEN"


class UART:
    """A UART on the board's TX and RX pins: one of the board file's
    [[uart]] entries (machine.UART underneath, so wires, the pin log and
    the baud rate's timing are the same). `timeout` is in seconds: a read
    waits that long for its bytes."""

    Parity = _Parity

    def __init__(self, tx=None, rx=None, *, baudrate=9600, bits=8, parity=None, stop=1,
                 timeout=1.0, receiver_buffer_size=64, rts=None, cts=None, rs485_dir=None,
                 rs485_invert=False):
        import machine

        if tx is None and rx is None:
            raise ValueError("busio.UART needs tx, rx or both")
        wanted = (_pin_name(tx) if tx is not None else None, _pin_name(rx) if rx is not None else None)
        for uart_id, uart_tx, uart_rx in machine._board_uarts():
            if wanted[0] in (None, uart_tx) and wanted[1] in (None, uart_rx):
                break
        else:
            raise ValueError(
                "Invalid pins: no UART of board '{}' is on tx={} rx={}; its UARTs: {}".format(
                    machine._board_name(), wanted[0], wanted[1],
                    ", ".join("tx={} rx={}".format(t, r) for _, t, r in machine._board_uarts()) or "none",
                )
            )
        if parity not in (None, _Parity.ODD, _Parity.EVEN):
            raise ValueError("parity is None, busio.UART.Parity.ODD or busio.UART.Parity.EVEN")
        self._parity = {None: None, _Parity.EVEN: 0, _Parity.ODD: 1}[parity]
        self._bits, self._stop, self._size = bits, stop, receiver_buffer_size
        self._uart = machine.UART(uart_id)
        self._timeout = float(timeout)
        self._configure(baudrate)

    def _configure(self, baudrate):
        ms = max(0, int(self._timeout * 1000))
        self._baudrate = baudrate
        self._live().init(baudrate, bits=self._bits, parity=self._parity, stop=self._stop,
                          timeout=ms, timeout_char=ms, rxbuf=self._size)

    def _live(self):
        if self._uart is None:
            raise ValueError(
                "Object has been deinitialized and can no longer be used. Create a new object."
            )
        return self._uart

    @property
    def baudrate(self):
        self._live()
        return self._baudrate

    @baudrate.setter
    def baudrate(self, value):
        self._configure(value)

    @property
    def timeout(self):
        return self._timeout

    @timeout.setter
    def timeout(self, value):
        self._timeout = float(value)
        self._configure(self._baudrate)

    @property
    def in_waiting(self):
        return self._live().any()

    def read(self, nbytes=None):
        """At most `nbytes` (everything, with None) that arrive within the
        timeout; None if nothing did."""
        uart = self._live()
        if nbytes is None:
            return uart.read()
        return uart.read(nbytes) if nbytes else b""

    def readinto(self, buf):
        return self._live().readinto(buf)

    def readline(self):
        return self._live().readline()

    def write(self, buf):
        if isinstance(buf, str):
            raise TypeError("busio.UART.write takes bytes, not str")
        return self._live().write(buf)

    def reset_input_buffer(self):
        uart = self._live()
        while uart.any():
            uart.read(uart.any())

    def deinit(self):
        if self._uart is not None:
            self._uart.deinit()
        self._uart = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.deinit()
