# pyb.I2C and pyb.SPI (the Pyboard's older bus classes) over the same
# simulated buses as machine.I2C and machine.SPI (_pinloop_buses): I2C(1)
# or I2C('X') is X9/X10, I2C(2) or 'Y' is Y9/Y10, SPI(1)/'X' and
# SPI(2)/'Y' the board file's SPI buses. As on the Pyboard, a bus does
# nothing until init() (or the constructor) gives it a mode, a NACKed
# address is OSError EIO, and timeouts are milliseconds. The board only
# runs as the controller: a peripheral (I2C.PERIPHERAL) is refused.

import _pinloop_buses
from _pinloop_buses import _I2CBase, _SPIBase, _hardware_pins

_EIO = 5
_CONTROLLER = 0
_PERIPHERAL = 1


def _bus_id(bus):
    return {"X": 1, "Y": 2}.get(bus, bus) if isinstance(bus, str) else bus


def _not_peripheral(mode):
    if mode == _PERIPHERAL:
        raise ValueError(
            "pinloop runs the board as the I2C/SPI controller only: a peripheral "
            "(the board as a target) is not simulated yet"
        )
    if mode != _CONTROLLER:
        raise ValueError("mode must be CONTROLLER or PERIPHERAL")


def _data_out(data):
    return bytes((data & 0xFF,)) if isinstance(data, int) else bytes(data)


class I2C(_I2CBase):
    CONTROLLER = MASTER = _CONTROLLER
    PERIPHERAL = SLAVE = _PERIPHERAL

    def __init__(self, bus, mode=None, **kwargs):
        self._id, self._board_scl, self._board_sda = _hardware_pins(_bus_id(bus))
        self._mode = None
        if mode is not None or kwargs:
            self.init(_CONTROLLER if mode is None else mode, **kwargs)

    def init(self, mode, *, addr=0x12, baudrate=400000, gencall=False, dma=False):
        _not_peripheral(mode)
        self._setup(self._board_scl, self._board_sda, baudrate, 50_000)
        self._mode = mode

    def deinit(self):
        if self._mode is not None:
            self._end()
        self._mode = None

    def __repr__(self):
        if self._mode is None:
            return "I2C({})".format(self._id)
        return "I2C({}, I2C.CONTROLLER, baudrate={})".format(self._id, self._freq)

    def _controller(self, timeout):
        if self._mode is None:
            raise OSError(_EIO)  # the peripheral is off
        self._timeout_us = timeout * 1000

    @staticmethod
    def _eio(call, *args):
        try:
            return call(*args)
        except OSError as e:
            if e.errno == _pinloop_buses._ENODEV:
                raise OSError(_EIO) from None
            raise

    def is_ready(self, addr):
        self._controller(5000)
        ready = self._address(addr, False) is not None
        self._end()
        self._wait()
        return ready

    def scan(self):
        self._controller(5000)
        found = []
        for address in range(0x01, 0x80):
            if self._address(address, False) is not None:
                found.append(address)
            self._end()
        self._wait()
        return found

    def send(self, send, addr=0x00, *, timeout=5000):
        self._controller(timeout)
        data = _data_out(send)
        acked = self._eio(self._write_transaction, addr, (data,), True)
        if acked < len(data):
            raise OSError(_EIO)

    def recv(self, recv, addr=0x00, *, timeout=5000):
        self._controller(timeout)
        n = recv if isinstance(recv, int) else len(recv)
        data = self._eio(self._read_transaction, addr, n, True)
        if isinstance(recv, int):
            return data
        memoryview(recv)[:] = data
        return recv

    def mem_read(self, data, addr, memaddr, *, timeout=5000, addr_size=8):
        self._controller(timeout)
        n = data if isinstance(data, int) else len(data)
        got = self._eio(self._read_transaction, addr, n, True, self._memaddr(memaddr, addr_size))
        if isinstance(data, int):
            return got
        memoryview(data)[:] = got
        return data

    def mem_write(self, data, addr, memaddr, *, timeout=5000, addr_size=8):
        self._controller(timeout)
        payload = _data_out(data)
        parts = (self._memaddr(memaddr, addr_size), payload)
        acked = self._eio(self._write_transaction, addr, parts, True)
        if acked < len(parts[0]) + len(payload):
            raise OSError(_EIO)


class SPI(_SPIBase):
    CONTROLLER = MASTER = _CONTROLLER
    PERIPHERAL = SLAVE = _PERIPHERAL

    def __init__(self, bus, mode=None, baudrate=328125, **kwargs):
        self._id, self._board_sck, self._board_mosi, self._board_miso = _hardware_pins(
            _bus_id(bus), "spi"
        )
        self._mode = None
        if mode is not None or kwargs:
            self.init(_CONTROLLER if mode is None else mode, baudrate, **kwargs)

    def init(self, mode, baudrate=328125, *, prescaler=None, polarity=1, phase=0, bits=8,
             firstbit=_SPIBase.MSB, ti=False, crc=None):
        _not_peripheral(mode)
        if prescaler is not None:
            baudrate = 84_000_000 // prescaler  # the Pyboard's APB2 clock
        self._setup(baudrate, polarity, phase, bits, firstbit,
                    self._board_sck, self._board_mosi, self._board_miso)
        self._mode = mode

    def deinit(self):
        self._mode = None

    def __repr__(self):
        if self._mode is None:
            return "SPI({})".format(self._id)
        return "SPI({}, SPI.CONTROLLER, baudrate={}, polarity={}, phase={}, bits=8)".format(
            self._id, self._baudrate, self._polarity, self._phase)

    def _live(self):
        if self._mode is None:
            raise OSError(_EIO)

    def _transfer(self, data):
        self._live()
        return _SPIBase._transfer(self, data)

    def send(self, send, *, timeout=5000):
        self._transfer(_data_out(send))

    def recv(self, recv, *, timeout=5000):
        n = recv if isinstance(recv, int) else len(recv)
        data = self._transfer(b"\x00" * n)
        if isinstance(recv, int):
            return data
        memoryview(recv)[:] = data
        return recv

    def send_recv(self, send, recv=None, *, timeout=5000):
        out = _data_out(send)
        data = self._transfer(out)
        if recv is None:
            return data
        if len(recv) != len(out):
            raise ValueError("send and recv buffers must be the same length")
        memoryview(recv)[:] = data
        return recv
