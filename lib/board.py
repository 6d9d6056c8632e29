"""CircuitPython's board module for pinloop's simulated board: one
attribute per pin name and alias of the board (`--board circuitpython`
gives D0-D13, A0-A5, LED, BUTTON, TX, RX). On the permissive default board
any name is a pin."""

import machine as _machine
from microcontroller import Pin as _Pin

for _name, _pin in _machine._board_pins():
    globals()[_name] = _Pin(_pin)  # an alias is the same pin

board_id = _machine._board_name()

_singletons = {}


def _shared(kind, make):
    # board.I2C() and board.SPI() return one bus each, as CircuitPython's.
    bus = _singletons.get(kind)
    if bus is None or getattr(bus, "_uart" if kind == "uart" else "_bus") is None:
        bus = _singletons[kind] = make()
    return bus


def _pin(name):
    # A pin of this board; AttributeError naming the pins it has if not.
    pin = globals().get(name)
    return __getattr__(name) if pin is None else pin


def I2C():
    """The board's I2C bus on SCL and SDA (one object, shared)."""
    import busio

    return _shared("i2c", lambda: busio.I2C(_pin("SCL"), _pin("SDA")))


def SPI():
    """The board's SPI bus on SCK, MOSI and MISO (one object, shared)."""
    import busio

    return _shared("spi", lambda: busio.SPI(_pin("SCK"), _pin("MOSI"), _pin("MISO")))


def UART():
    """The board's UART on TX and RX (one object, shared)."""
    import busio

    return _shared("uart", lambda: busio.UART(_pin("TX"), _pin("RX")))


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
