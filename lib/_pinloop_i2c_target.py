# machine.I2CTarget: the board as an I2C target on one of its buses. The
# controller is whatever else is on that bus's pins: a test's own
# machine.SoftI2C or I2C on the same pins, or a device model that drives
# transactions. The target sits on the bus as a device (at `addr`), so a
# controller's scan() finds it.
#
# With `mem`, it is a memory device: a write's first mem_addrsize/8 bytes
# select the address (memaddr), further bytes are stored from there, a
# read reads from there, wrapping at the end of `mem`. Without, the
# controller's bytes wait for readinto() and a read takes what write()
# queued (IRQ_WRITE_REQ / IRQ_READ_REQ, per byte, for a hard handler to
# answer); a read with nothing queued gets 0xFF.
#
# IRQs: the address-match and request events reach only a hard handler
# (as MicroPython requires); IRQ_END_READ/IRQ_END_WRITE reach a hard one
# at once or a soft one through micropython.schedule. As on MicroPython,
# a memory device emits no IRQ_END_WRITE for a write of the address alone.

import sys

import micropython

import _pinloop_buses
from pinloop.devices import I2CDevice

IRQ_ADDR_MATCH_READ = 1 << 0
IRQ_ADDR_MATCH_WRITE = 1 << 1
IRQ_READ_REQ = 1 << 2
IRQ_WRITE_REQ = 1 << 3
IRQ_END_READ = 1 << 4
IRQ_END_WRITE = 1 << 5
_HARD_ONLY = IRQ_ADDR_MATCH_READ | IRQ_ADDR_MATCH_WRITE | IRQ_READ_REQ | IRQ_WRITE_REQ
_ALL = _HARD_ONLY | IRQ_END_READ | IRQ_END_WRITE


class _TargetIRQ:
    def __init__(self):
        self._flags = 0

    def flags(self):
        """The events of the call being handled."""
        return self._flags


class _OnTheBus(I2CDevice):
    # The target as the bus sees it: one transaction at a time.
    def __init__(self, target):
        self._target = target
        self._read = False
        self._address_bytes = 0
        self._data_written = False

    def on_start(self, read):
        target = self._target
        self._read = read
        self._data_written = False
        if not read:
            self._address_bytes = target._mem_addrsize // 8 if target._mem is not None else 0
            self._new_addr = 0
        target._event(IRQ_ADDR_MATCH_READ if read else IRQ_ADDR_MATCH_WRITE)

    def on_write(self, data):
        target = self._target
        for byte in data:
            if self._address_bytes:
                self._new_addr = (self._new_addr << 8) | byte
                self._address_bytes -= 1
                if not self._address_bytes:
                    target.memaddr = self._new_addr % len(target._mem)
                    target._pointer = target.memaddr
                continue
            self._data_written = True
            if target._mem is not None:
                target._mem[target._pointer] = byte
                target._pointer = (target._pointer + 1) % len(target._mem)
            else:
                target._rx.append(byte)
                target._event(IRQ_WRITE_REQ)
        return None

    def on_read(self, n):
        target = self._target
        out = bytearray(n)
        for i in range(n):
            if target._mem is not None:
                out[i] = target._mem[target._pointer]
                target._pointer = (target._pointer + 1) % len(target._mem)
                continue
            if not target._tx:
                target._event(IRQ_READ_REQ)
            out[i] = target._tx.pop(0) if target._tx else 0xFF
        return out

    def on_stop(self):
        target = self._target
        if self._read:
            target._event(IRQ_END_READ)
        elif self._data_written or target._mem is None:
            target._event(IRQ_END_WRITE)


class I2CTarget:
    IRQ_ADDR_MATCH_READ = IRQ_ADDR_MATCH_READ
    IRQ_ADDR_MATCH_WRITE = IRQ_ADDR_MATCH_WRITE
    IRQ_READ_REQ = IRQ_READ_REQ
    IRQ_WRITE_REQ = IRQ_WRITE_REQ
    IRQ_END_READ = IRQ_END_READ
    IRQ_END_WRITE = IRQ_END_WRITE

    def __init__(self, id=None, addr=None, *, addrsize=7, mem=None, mem_addrsize=8,
                 scl=None, sda=None):
        if addr is None:
            raise TypeError("I2CTarget needs addr, its I2C address")
        if addrsize != 7:
            raise ValueError("pinloop's I2C buses carry 7-bit addresses: addrsize must be 7")
        if mem_addrsize not in (0, 8, 16, 24, 32):
            raise ValueError("mem_addrsize must be 0, 8, 16, 24 or 32")
        if mem is not None:
            mem = memoryview(mem)
            if not len(mem):
                raise ValueError("mem must hold at least one byte")
        if scl is None or sda is None:
            if id is None:
                buses = _pinloop_buses._board()["i2c"]
                if not buses:
                    raise ValueError("this board has no I2C bus: give scl= and sda=")
                id = min(buses)
            _, board_scl, board_sda = _pinloop_buses._hardware_pins(id)
            scl = board_scl if scl is None else scl
            sda = board_sda if sda is None else sda
        self._wire = _pinloop_buses._wire(_pinloop_buses._pin_name(scl), _pinloop_buses._pin_name(sda))
        self._mem = mem
        self._mem_addrsize = mem_addrsize
        self.memaddr = 0
        self._pointer = 0
        self._rx = []
        self._tx = []
        self._irq = _TargetIRQ()
        self._handler = None
        self._trigger = 0
        self._hard = False
        self._pending = 0
        self._device = _OnTheBus(self)
        _pinloop_buses._place(self._wire, addr, self._device)

    def deinit(self):
        if self._device is not None:
            if self._wire.devices.get(self._device.address) is self._device:
                del self._wire.devices[self._device.address]
            self._device = None

    def _live(self):
        if self._device is None:
            raise OSError("I2CTarget is deinitialised")

    def readinto(self, buf):
        """The controller's bytes waiting, into `buf`; how many."""
        self._live()
        view = memoryview(buf)
        n = min(len(view), len(self._rx))
        view[:n] = bytes(self._rx[:n])
        del self._rx[:n]
        return n

    def write(self, buf):
        """Bytes for the controller's next reads; how many were taken."""
        self._live()
        data = bytes(buf)
        self._tx.extend(data)
        return len(data)

    def irq(self, handler=None, trigger=IRQ_END_READ | IRQ_END_WRITE, hard=False):
        """With a handler, sets it for `trigger`'s events; returns the IRQ
        object, whose flags() are the events of the call being handled."""
        if handler is not None:
            if trigger & ~_ALL:
                raise ValueError("invalid trigger")
            if trigger & _HARD_ONLY and not hard:
                raise ValueError(
                    "IRQ_ADDR_MATCH_*, IRQ_READ_REQ and IRQ_WRITE_REQ need hard=True"
                )
            self._handler, self._trigger, self._hard = handler, trigger, hard
        return self._irq

    def _event(self, flag):
        # One bus event: the handler now (hard), or scheduled (soft).
        if self._handler is None or not self._trigger & flag:
            return
        if self._hard:
            self._irq._flags = flag
            self._call()
        else:
            first = not self._pending
            self._pending |= flag
            if first:
                micropython.schedule(self._soft, None)

    def _soft(self, _):
        self._irq._flags, self._pending = self._pending, 0
        self._call()

    def _call(self):
        try:
            self._handler(self)
        except Exception as exc:
            print("Unhandled exception in I2CTarget IRQ handler", file=sys.stderr)
            sys.print_exception(exc, sys.stderr)
