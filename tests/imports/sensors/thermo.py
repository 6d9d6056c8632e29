from . import calibration


def read(raw):
    return raw + calibration.OFFSET
