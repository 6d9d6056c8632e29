# machine.I2C, SoftI2C, SPI and SoftSPI on the simulated board, and the
# simulated devices on its buses (pinloop.devices). Loaded by machine's
# __getattr__ on first use of a bus class, and at start when the board
# file or the command line attaches devices.
#
# A bus is its pins: I2C(1) on a Pyboard and SoftI2C(scl=X9, sda=X10)
# reach the same devices. A transaction takes the time its bits take at
# the bus's frequency (9 clocks a byte) on the board's clock, plus what a
# device stretches the clock for; interrupts run meanwhile, as on a board
# where the CPU waits for the peripheral.

import sys
import time

import machine
from pinloop.devices import Nack

_ENODEV = 19
_ETIMEDOUT = 110
_EOPNOTSUPP = 95

_FIRST_ADDRESS = 0x08  # scan() skips the reserved addresses, as MicroPython
_LAST_ADDRESS = 0x77


class _Wire:
    # One bus as its pins: the devices on it, by 7-bit address (I2C) or
    # by chip-select pin name (SPI).
    def __init__(self, name):
        self.name = name
        self.devices = {}


_wires = {}  # ("i2c", scl, sda) or ("spi", sck) -> _Wire
_hardware = None  # {"i2c": {id: (name, scl, sda)}, "spi": {id: (name, sck, mosi, miso)}}


def _pin_name(pin):
    # A machine.Pin, a pin name or number, or CircuitPython's board.D1.
    if isinstance(pin, machine.Pin):
        return pin.name()
    board_name = getattr(pin, "_name", None)
    return machine.Pin(pin if board_name is None else board_name).name()


def _wire(scl, sda):
    key = ("i2c", scl, sda)
    wire = _wires.get(key)
    if wire is None:
        wire = _wires[key] = _Wire("I2C on scl={} sda={}".format(scl, sda))
    return wire


def _spi_wire(sck):
    # An SPI bus is its clock line: a bus without MISO (a display's) on
    # the same SCK reaches the same devices.
    key = ("spi", sck)
    wire = _wires.get(key)
    if wire is None:
        wire = _wires[key] = _Wire("SPI on sck={}".format(sck))
    return wire


def _board():
    global _hardware
    if _hardware is None:
        i2c, spi, devices = machine._board_buses()
        _hardware = {
            "i2c": {row[0]: row[1:] for row in i2c},
            "spi": {row[0]: row[1:] for row in spi},
        }
        for spec in devices:
            _attach_from_board(spec)
    return _hardware


def load_board_devices():
    """Makes the devices the board file and the command line attach (at
    start, so a bad model stops the run before the firmware starts)."""
    _board()


def _hardware_pins(bus_id, kind="i2c"):
    # (id, pins...) of the board's bus `bus_id` (a number or a name).
    buses = _board()[kind]
    if isinstance(bus_id, str):
        for number, row in buses.items():
            if row[0] == bus_id:
                return (number,) + row[1:]
    elif bus_id in buses:
        return (bus_id,) + buses[bus_id][1:]
    raise ValueError("{}({}) doesn't exist".format(kind.upper(), bus_id))


# --- models ------------------------------------------------------------


def _model_class(spec):
    model = spec["model"]
    if ":" not in model:
        module = __import__("pinloop.models." + model, None, None, ("MODEL",))
        return module.MODEL
    path, class_name = model.rsplit(":", 1)
    if not path.startswith("/") and spec["base_dir"]:
        path = spec["base_dir"] + "/" + path
    module_name = "_pinloop_model_" + path.rsplit("/", 1)[-1][:-3]
    module = sys.modules.get(module_name)
    if module is None:
        source = machine._read_model_source(path)
        module = type(sys)(module_name)
        module.__file__ = path
        sys.modules[module_name] = module
        try:
            exec(compile(source, path, "exec"), module.__dict__)
        except BaseException:
            del sys.modules[module_name]
            raise
    try:
        return getattr(module, class_name)
    except AttributeError:
        raise ValueError(
            "{}: the model file {} has no class {}".format(spec["origin"], path, class_name)
        ) from None


def _attach_from_board(spec):
    device = _model_class(spec)()
    for name, value in spec["settings"].items():
        setattr(device, name, value)
    if spec["kind"] == "i2c":
        _number, scl, sda = _hardware_pins(spec["bus"])
        _place(_wire(_pin_name(scl), _pin_name(sda)), spec["address"], device)
    else:
        _number, sck, mosi, miso = _hardware_pins(spec["bus"], "spi")
        wire = _spi_wire(_pin_name(sck))
        _place_spi(wire, spec["cs"], device)


def _place_spi(wire, cs, device):
    cs = _pin_name(cs)
    if cs in wire.devices:
        raise ValueError("{} already has a device selected by {}".format(wire.name, cs))
    device.cs = cs
    device.bus = wire.name
    device._selected = not machine.Pin(cs).value()
    wire.devices[cs] = device

    def chip_select(level):
        if wire.devices.get(cs) is not device:
            return  # detached
        if not level and not device._selected:
            device._selected = True
            device.on_select()
        elif level and device._selected:
            device._selected = False
            device.on_deselect()

    machine._watch_pin(cs, chip_select)
    device.on_attach()


def _place(wire, address, device):
    if not 0 <= address <= 0x7F:
        raise ValueError("an I2C address is 7 bits (0x00 to 0x7f), not {:#x}".format(address))
    if address in wire.devices:
        raise ValueError("{} already has a device at {:#04x}".format(wire.name, address))
    device.address = address
    device.bus = wire.name
    wire.devices[address] = device
    device.on_attach()


def _pictures():
    # (file name without .png, device) of every device with a picture:
    # the model's name and its place, so the names stay put between runs.
    named = [(name, device) for name, _, device in _named_devices() if hasattr(device, "picture")]
    seen = {}
    for i, (name, device) in enumerate(named):
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            named[i] = ("{}-{}".format(name, seen[name]), device)
    return named


def _named_devices():
    # (name, place, device) of every attached device, named as pictures.
    named = []
    for wire in _wires.values():
        for at, device in wire.devices.items():
            place = "{:02x}".format(at) if isinstance(at, int) else at
            named.append(("{}-{}".format(type(device).__name__.lower(), place), at, device))
    return named


def _find_device(name):
    named = _named_devices()
    for full, at, device in named:
        if full == name:
            return device
    try:
        wanted = int(name, 0)
    except ValueError:
        wanted = name
    matches = [device for _, at, device in named if at == wanted]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise ValueError("{} is the place of several devices: use a name from 'devices'".format(name))
    raise ValueError(
        "no device {}; the devices: {}".format(name, " ".join(n for n, _, _ in named) or "none")
    )


def _setting(text):
    # A value sent as text: a number, true/false, or the text itself.
    lower = text.lower()
    if lower in ("true", "false"):
        return lower == "true"
    for convert in (lambda t: int(t, 0), float):
        try:
            return convert(text)
        except ValueError:
            pass
    return text


def control(words):
    """The control socket's `devices` and `device DEVICE ATTR [VALUE]`:
    the reply line."""
    _board()
    if not words:
        return " ".join(name for name, _, _ in _named_devices())
    device = _find_device(words[0])
    attr = words[1]
    if attr.startswith("_"):
        raise ValueError("{} is private to the model".format(attr))
    if len(words) == 2:
        if not hasattr(device, attr):
            raise ValueError("{} has no attribute {}".format(words[0], attr))
        return repr(getattr(device, attr))
    if callable(getattr(device, attr, None)):
        raise ValueError("{} of {} is a method, not a setting".format(attr, words[0]))
    setattr(device, attr, _setting(words[2]))
    return "ok"


def save_picture(device, path):
    width, height, pixels = device.picture()
    machine._save_png(path, width, height, pixels)


def save_pictures(folder):
    """--display-png DIR at exit: each display's picture as DIR/NAME.png."""
    for name, device in _pictures():
        save_picture(device, folder + "/" + name + ".png")


def _controller(bus):
    # busio's I2C and SPI wrap one of ours.
    inner = getattr(bus, "_bus", None)
    return bus if inner is None else inner


def _key(bus, at):
    # A device's place on `bus`: an I2C address, or an SPI chip-select pin.
    return _pin_name(at) if isinstance(bus, _SPIBase) else at


def attach(bus, device, at):
    """pinloop.attach(bus, device, address_or_cs)."""
    _board()
    bus = _controller(bus)
    if isinstance(bus, _SPIBase):
        _place_spi(bus._wire, at, device)
    else:
        _place(bus._wire, at, device)


def detach(bus, at):
    _board()
    bus = _controller(bus)
    return bus._wire.devices.pop(_key(bus, at), None)


def device_at(bus, at):
    _board()
    bus = _controller(bus)
    return bus._wire.devices.get(_key(bus, at))


# --- the controller ------------------------------------------------------


def _report(device, what, exc):
    print(
        "pinloop: I2C device {} at {:#04x} raised in {}; the controller sees a NACK".format(
            type(device).__name__, device.address, what
        ),
        file=sys.stderr,
    )
    sys.print_exception(exc, sys.stderr)


class _I2CBase:
    def _setup(self, scl, sda, freq, timeout):
        self._scl = _pin_name(scl)
        self._sda = _pin_name(sda)
        self._wire = _wire(self._scl, self._sda)
        if freq <= 0:
            raise ValueError("freq must be positive")
        self._freq = freq
        self._timeout_us = timeout
        self._addressed = None  # (device, read) between a start and its stop
        self._wire_us = 0.0

    # Time on the wire, waited for once per operation.
    def _clock_bytes(self, count):
        self._wire_us += count * 9 * 1_000_000 / self._freq

    def _wait(self):
        us = int(self._wire_us)
        self._wire_us -= us
        if us > 0:
            time.sleep_us(us)

    def _call(self, device, what, *args):
        # A device's answer; its exceptions are a NACK (and a report), its
        # clock stretching a wait or a timeout.
        try:
            result = getattr(device, what)(*args)
        except Nack:
            self._stretched(device)
            raise
        except Exception as exc:
            device._stretch_us = 0
            _report(device, what, exc)
            raise Nack() from None
        self._stretched(device)
        return result

    def _stretched(self, device):
        us = device._stretch_us
        if us:
            device._stretch_us = 0
            self._wait()
            if us > self._timeout_us:
                time.sleep_us(self._timeout_us)
                self._end()
                raise OSError(_ETIMEDOUT)
            time.sleep_us(us)

    def _address(self, address, read):
        # A start (or repeated start) and the address byte: the device, or
        # None for a NACK.
        self._clock_bytes(1)
        previous = self._addressed
        if previous is not None and previous[0] is not self._wire.devices.get(address):
            self._end()
        device = self._wire.devices.get(address)
        if device is None:
            return None
        try:
            self._call(device, "on_start", read)
        except Nack:
            return None
        self._addressed = (device, read)
        return device

    def _end(self):
        # The stop: the addressed device hears it.
        addressed = self._addressed
        self._addressed = None
        if addressed is not None:
            try:
                self._call(addressed[0], "on_stop")
            except Nack:
                pass

    def _send(self, device, data):
        # Data bytes to the addressed device: how many it ACKed.
        if not data:
            return 0
        try:
            acked = self._call(device, "on_write", bytes(data))
        except Nack:
            acked = 0
        acked = len(data) if acked is None else max(0, min(int(acked), len(data)))
        self._clock_bytes(min(acked + 1, len(data)))
        return acked

    def _receive(self, device, n):
        self._clock_bytes(n)
        if n == 0:
            return b""
        try:
            data = bytes(self._call(device, "on_read", n))
        except Nack:
            data = b""
        return (data + b"\xff" * n)[:n]

    def _write_transaction(self, address, parts, stop):
        try:
            device = self._address(address, False)
            if device is None:
                self._end()
                raise OSError(_ENODEV)
            acked = 0
            for part in parts:
                got = self._send(device, part)
                acked += got
                if got < len(part):
                    break
            if stop:
                self._end()
            return acked
        finally:
            self._wait()

    def _read_transaction(self, address, n, stop, before=None):
        # A read, after `before` is written (a register address) with a
        # repeated start between them.
        try:
            if before is not None:
                device = self._address(address, False)
                if device is None:
                    self._end()
                    raise OSError(_ENODEV)
                self._send(device, before)
            device = self._address(address, True)
            if device is None:
                self._end()
                raise OSError(_ENODEV)
            data = self._receive(device, n)
            if stop:
                self._end()
            return data
        finally:
            self._wait()

    # --- MicroPython's API ---

    def scan(self):
        found = []
        for address in range(_FIRST_ADDRESS, _LAST_ADDRESS + 1):
            if self._address(address, False) is not None:
                found.append(address)
            self._end()
        self._wait()
        return found

    def writeto(self, addr, buf, stop=True):
        return self._write_transaction(addr, (memoryview(buf),), stop)

    def writevto(self, addr, vector, stop=True):
        return self._write_transaction(addr, [memoryview(b) for b in vector], stop)

    def readfrom(self, addr, nbytes, stop=True):
        return self._read_transaction(addr, nbytes, stop)

    def readfrom_into(self, addr, buf, stop=True):
        view = memoryview(buf)
        view[:] = self._read_transaction(addr, len(view), stop)

    @staticmethod
    def _memaddr(memaddr, addrsize):
        if addrsize & 7 or not 0 <= addrsize <= 32:
            raise ValueError("invalid addrsize")
        size = addrsize // 8
        return bytes((memaddr >> (8 * (size - 1 - i))) & 0xFF for i in range(size))

    def readfrom_mem(self, addr, memaddr, nbytes, *, addrsize=8):
        return self._read_transaction(addr, nbytes, True, self._memaddr(memaddr, addrsize))

    def readfrom_mem_into(self, addr, memaddr, buf, *, addrsize=8):
        view = memoryview(buf)
        view[:] = self._read_transaction(addr, len(view), True, self._memaddr(memaddr, addrsize))

    def writeto_mem(self, addr, memaddr, buf, *, addrsize=8):
        self._write_transaction(addr, (self._memaddr(memaddr, addrsize), memoryview(buf)), True)

    def deinit(self):
        self._end()


class _Primitives:
    # The bus primitives of a software bus: start, stop, readinto, write.
    _after_start = False

    def start(self):
        self._primitive()
        self._after_start = True

    def stop(self):
        self._primitive()
        self._after_start = False
        self._end()
        self._wait()

    def write(self, buf):
        self._primitive()
        data = bytes(buf)
        acked = 0
        try:
            if data and self._after_start:
                self._after_start = False
                if self._address(data[0] >> 1, bool(data[0] & 1)) is None:
                    return 0
                acked, data = 1, data[1:]
            if not data:
                return acked
            if self._addressed is None or self._addressed[1]:
                self._clock_bytes(1)
                return acked  # nobody listens: the first byte is NACKed
            return acked + self._send(self._addressed[0], data)
        finally:
            self._wait()

    def readinto(self, buf, nack=True):
        self._primitive()
        view = memoryview(buf)
        try:
            if self._addressed is None or not self._addressed[1]:
                self._clock_bytes(len(view))
                view[:] = b"\xff" * len(view)
            else:
                view[:] = self._receive(self._addressed[0], len(view))
        finally:
            self._wait()


class I2C(_Primitives, _I2CBase):
    """A hardware I2C bus of the board (board file [[i2c]]), or, with id -1
    and pins, a software one (MicroPython's legacy form)."""

    def __init__(self, id=-1, *, scl=None, sda=None, freq=400_000, timeout=50_000):
        self._soft = id == -1
        if self._soft:
            if scl is None or sda is None:
                raise TypeError("I2C(-1) needs scl and sda pins (or use SoftI2C)")
            self._id = -1
        else:
            self._id, board_scl, board_sda = _hardware_pins(id)
            scl = board_scl if scl is None else scl
            sda = board_sda if sda is None else sda
        self._setup(scl, sda, freq, timeout)

    def init(self, *, scl=None, sda=None, freq=None, timeout=None):
        self._setup(
            self._scl if scl is None else scl,
            self._sda if sda is None else sda,
            self._freq if freq is None else freq,
            self._timeout_us if timeout is None else timeout,
        )

    def __repr__(self):
        if self._soft:
            return "I2C(-1, scl={}, sda={}, freq={})".format(self._scl, self._sda, self._freq)
        return "I2C({}, scl={}, sda={}, freq={}, timeout={})".format(
            self._id, self._scl, self._sda, self._freq, self._timeout_us
        )

    def _primitive(self):
        if not self._soft:
            raise OSError("I2C operation not supported")


class SoftI2C(_Primitives, _I2CBase):
    """I2C on any two pins, with the bus primitives."""

    def __init__(self, scl, sda, *, freq=400_000, timeout=50_000):
        self._setup(scl, sda, freq, timeout)

    def init(self, scl, sda, *, freq=400_000, timeout=50_000):
        self._setup(scl, sda, freq, timeout)

    def __repr__(self):
        return "SoftI2C(scl={}, sda={}, freq={})".format(self._scl, self._sda, self._freq)

    def _primitive(self):
        pass


# --- SPI ----------------------------------------------------------------

_MSB = 0
_LSB = 1


class _SPIBase:
    MSB = _MSB
    LSB = _LSB

    def _setup(self, baudrate, polarity, phase, bits, firstbit, sck, mosi, miso):
        if bits != 8:
            raise ValueError("bits must be 8")
        if baudrate <= 0:
            raise ValueError("baudrate must be positive")
        self._baudrate = baudrate
        self._polarity = polarity
        self._phase = phase
        self._firstbit = firstbit
        self._sck = _pin_name(sck)
        self._mosi = None if mosi is None else _pin_name(mosi)
        self._miso = None if miso is None else _pin_name(miso)
        self._wire = _spi_wire(self._sck)

    def _transfer(self, data):
        # Full duplex: `data` goes to every selected chip; what comes back
        # is the selected chip's answer (0xFF with none: MISO idles high).
        n = len(data)
        answer = None
        for device in list(self._wire.devices.values()):
            if not device._selected:
                continue
            try:
                got = device.on_transfer(bytes(data))
            except Exception as exc:
                print(
                    "pinloop: SPI device {} selected by {} raised in on_transfer; "
                    "MISO reads 0xFF".format(type(device).__name__, device.cs),
                    file=sys.stderr,
                )
                sys.print_exception(exc, sys.stderr)
                got = None
            got = (bytes(got or b"") + b"\xff" * n)[:n]
            answer = got if answer is None else bytes(a & b for a, b in zip(answer, got))
        us = n * 8 * 1_000_000 // self._baudrate
        if us > 0:
            time.sleep_us(us)
        if answer is None or self._miso is None:
            return b"\xff" * n  # nothing drives MISO, or there is no MISO
        return answer

    def read(self, nbytes, write=0x00):
        return self._transfer(bytes((write,)) * nbytes)

    def readinto(self, buf, write=0x00):
        view = memoryview(buf)
        view[:] = self._transfer(bytes((write,)) * len(view))

    def write(self, buf):
        self._transfer(bytes(buf))

    def write_readinto(self, write_buf, read_buf):
        out = memoryview(read_buf)
        if len(write_buf) != len(out):
            raise ValueError("buffers must be the same length")
        out[:] = self._transfer(bytes(write_buf))

    def deinit(self):
        pass


class SPI(_SPIBase):
    """A hardware SPI bus of the board (board file [[spi]])."""

    def __init__(self, id, baudrate=1_000_000, *, polarity=0, phase=0, bits=8, firstbit=_MSB,
                 sck=None, mosi=None, miso=None):
        self._id, board_sck, board_mosi, board_miso = _hardware_pins(id, "spi")
        self._setup(baudrate, polarity, phase, bits, firstbit,
                    board_sck if sck is None else sck,
                    board_mosi if mosi is None else mosi,
                    board_miso if miso is None else miso)

    def init(self, baudrate=None, *, polarity=None, phase=None, bits=8, firstbit=None,
             sck=None, mosi=None, miso=None):
        self._setup(
            self._baudrate if baudrate is None else baudrate,
            self._polarity if polarity is None else polarity,
            self._phase if phase is None else phase,
            bits,
            self._firstbit if firstbit is None else firstbit,
            self._sck if sck is None else sck,
            self._mosi if mosi is None else mosi,
            self._miso if miso is None else miso,
        )

    def __repr__(self):
        return "SPI({}, baudrate={}, polarity={}, phase={}, bits=8, sck={}, mosi={}, miso={})".format(
            self._id, self._baudrate, self._polarity, self._phase, self._sck, self._mosi, self._miso)


class SoftSPI(_SPIBase):
    """SPI on any three pins."""

    def __init__(self, baudrate=500_000, *, polarity=0, phase=0, bits=8, firstbit=_MSB,
                 sck=None, mosi=None, miso=None):
        self.init(baudrate, polarity=polarity, phase=phase, bits=bits, firstbit=firstbit,
                  sck=sck, mosi=mosi, miso=miso)

    def init(self, baudrate=500_000, *, polarity=0, phase=0, bits=8, firstbit=_MSB,
             sck=None, mosi=None, miso=None):
        if sck is None or mosi is None or miso is None:
            raise ValueError("must specify all of sck/mosi/miso")
        self._setup(baudrate, polarity, phase, bits, firstbit, sck, mosi, miso)

    def __repr__(self):
        return "SoftSPI(baudrate={}, polarity={}, phase={}, firstbit={}, sck={}, mosi={}, miso={})".format(
            self._baudrate, self._polarity, self._phase, self._firstbit, self._sck, self._mosi, self._miso)
