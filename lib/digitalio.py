"""CircuitPython's digitalio on pinloop's simulated board: DigitalInOut
over machine.Pin, with Direction, Pull and DriveMode."""

import machine as _machine
from microcontroller import _pin_name


class _Constant:
    def __init__(self, qualified):
        self._qualified = qualified

    def __repr__(self):
        return self._qualified


class Direction:
    INPUT = _Constant("digitalio.Direction.INPUT")
    OUTPUT = _Constant("digitalio.Direction.OUTPUT")


class Pull:
    UP = _Constant("digitalio.Pull.UP")
    DOWN = _Constant("digitalio.Pull.DOWN")


class DriveMode:
    PUSH_PULL = _Constant("digitalio.DriveMode.PUSH_PULL")
    OPEN_DRAIN = _Constant("digitalio.DriveMode.OPEN_DRAIN")


_PULLS = {None: None, Pull.UP: _machine.Pin.PULL_UP, Pull.DOWN: _machine.Pin.PULL_DOWN}


class DigitalInOut:
    """A digital pin: an input (with an optional pull) or an output. Starts
    as an input without a pull, as in CircuitPython."""

    def __init__(self, pin):
        self._pin = _machine.Pin(_pin_name(pin), _machine.Pin.IN, None)
        self._direction = Direction.INPUT
        self._pull = None
        self._drive_mode = DriveMode.PUSH_PULL

    def _live(self):
        if self._pin is None:
            raise ValueError(
                "Object has been deinitialized and can no longer be used. Create a new object."
            )
        return self._pin

    def switch_to_output(self, value=False, drive_mode=DriveMode.PUSH_PULL):
        pin = self._live()
        mode = _machine.Pin.OPEN_DRAIN if drive_mode is DriveMode.OPEN_DRAIN else _machine.Pin.OUT
        pin.init(mode, None, value=bool(value))
        self._direction = Direction.OUTPUT
        self._drive_mode = drive_mode
        self._pull = None

    def switch_to_input(self, pull=None):
        pin = self._live()
        if pull not in _PULLS:
            raise ValueError("pull must be None, digitalio.Pull.UP or digitalio.Pull.DOWN")
        pin.init(_machine.Pin.IN, _PULLS[pull])
        self._direction = Direction.INPUT
        self._pull = pull

    @property
    def direction(self):
        self._live()
        return self._direction

    @direction.setter
    def direction(self, direction):
        if direction is Direction.OUTPUT:
            self.switch_to_output()
        elif direction is Direction.INPUT:
            self.switch_to_input()
        else:
            raise ValueError("direction must be digitalio.Direction.INPUT or OUTPUT")

    @property
    def value(self):
        return bool(self._live().value())

    @value.setter
    def value(self, value):
        pin = self._live()
        if self._direction is not Direction.OUTPUT:
            raise AttributeError("Cannot set value when direction is input.")
        pin.value(bool(value))

    @property
    def pull(self):
        self._live()
        return self._pull

    @pull.setter
    def pull(self, pull):
        if self._direction is not Direction.INPUT:
            raise AttributeError("Pull not used when direction is output.")
        self.switch_to_input(pull)

    @property
    def drive_mode(self):
        self._live()
        return self._drive_mode

    @drive_mode.setter
    def drive_mode(self, drive_mode):
        if self._direction is not Direction.OUTPUT:
            raise AttributeError("Drive mode not used when direction is input.")
        self.switch_to_output(self.value, drive_mode)

    def deinit(self):
        if self._pin is not None:
            self._pin.init(_machine.Pin.IN, None)
            self._pin = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.deinit()
