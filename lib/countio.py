"""CircuitPython's countio on pinloop's simulated board: a Counter counts
a pin's edges from a hard interrupt."""

import machine as _machine
from microcontroller import _pin_name


class Edge:
    RISE = 1
    FALL = 2
    RISE_AND_FALL = 3


class Counter:
    """Counts edges of `pin` (falling ones by default) in `count`."""

    def __init__(self, pin, *, edge=Edge.FALL, pull=None):
        triggers = {
            Edge.RISE: _machine.Pin.IRQ_RISING,
            Edge.FALL: _machine.Pin.IRQ_FALLING,
            Edge.RISE_AND_FALL: _machine.Pin.IRQ_RISING | _machine.Pin.IRQ_FALLING,
        }
        if edge not in triggers:
            raise ValueError("edge must be countio.Edge.RISE, FALL or RISE_AND_FALL")
        pulls = {None: None}
        try:
            import digitalio

            pulls[digitalio.Pull.UP] = _machine.Pin.PULL_UP
            pulls[digitalio.Pull.DOWN] = _machine.Pin.PULL_DOWN
        except ImportError:
            pass
        if pull not in pulls:
            raise ValueError("pull must be None, digitalio.Pull.UP or digitalio.Pull.DOWN")
        self.count = 0
        self._pin = _machine.Pin(_pin_name(pin), _machine.Pin.IN, pulls[pull])
        self._pin.irq(self._edge, triggers[edge], hard=True)

    def _edge(self, pin):
        self.count += 1

    def reset(self):
        self.count = 0

    def deinit(self):
        if self._pin is not None:
            self._pin.irq(None)
            self._pin = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.deinit()
