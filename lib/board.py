"""CircuitPython's board module for pinloop's simulated board: one
attribute per pin name and alias of the board (`--board circuitpython`
gives D0-D13, A0-A5, LED, BUTTON, TX, RX). On the permissive default board
any name is a pin."""

import machine as _machine
from microcontroller import Pin as _Pin

for _name, _pin in _machine._board_pins():
    globals()[_name] = _Pin(_pin)  # an alias is the same pin

board_id = _machine._board_name()


def __getattr__(name):
    if not name.startswith("_") and _machine._board_permissive():
        pin = _Pin(name)
        globals()[name] = pin
        return pin
    raise AttributeError(
        "board '{}' has no pin {}; its pins: {}".format(
            board_id, name, ", ".join(n for n, _ in _machine._board_pins())
        )
    )
