# pinloop's own Python API: what a script can learn about (and, as the
# runtime grows, steer in) the runtime it runs on. Frozen from lib/.
from _pinloop import VERSION as version, frozen_modules

version_info = tuple(int(part) for part in version.split("."))


# Simulated devices on the board's buses (pinloop.devices has the classes
# to write one; docs/devices.md). The bus module loads on first use.
def attach(bus, device, at):
    """Puts `device` on `bus`: an I2C bus (machine.I2C or SoftI2C) at 7-bit
    address `at`, or an SPI bus (machine.SPI or SoftSPI) selected by pin
    `at`; ValueError if that place is taken."""
    import _pinloop_buses

    _pinloop_buses.attach(bus, device, at)


def detach(bus, at):
    """Takes the device at `at` (address or chip-select pin) off `bus`;
    returns it (None if there was none)."""
    import _pinloop_buses

    return _pinloop_buses.detach(bus, at)


def device(bus, at):
    """The device at `at` on `bus` (a board file's or --i2c's too), to read
    or change its state while the firmware runs; None if none."""
    import _pinloop_buses

    return _pinloop_buses.device_at(bus, at)


def save_picture(device, path):
    """Writes what a display model (one with a picture() method, such as
    pinloop.models.ssd1306) shows as the PNG file `path`."""
    import _pinloop_buses

    _pinloop_buses.save_picture(device, path)
