"""CircuitPython's microcontroller.Pin for pinloop's simulated board: a pin
named by the board (what `board.D1` is). digitalio, countio and keypad
take these; they configure the pin through machine.Pin."""


class Pin:
    """A board pin. It does nothing itself: hand it to DigitalInOut,
    countio.Counter or keypad.Keys."""

    def __init__(self, name):
        self._name = name

    def __repr__(self):
        return "board." + self._name

    def __eq__(self, other):
        return isinstance(other, Pin) and other._name == self._name

    def __hash__(self):
        return hash(self._name)


def _pin_name(pin):
    """The board name a CircuitPython pin argument stands for."""
    if isinstance(pin, Pin):
        return pin._name
    raise TypeError("expected a board pin such as board.D1, not {}".format(type(pin).__name__))
