# An uncaught exception prints MicroPython's traceback: no source lines.
class Sensor:
    def read(self):
        return convert(-1)


def convert(raw):
    if raw < 0:
        raise ValueError("raw reading out of range")
    return raw * 2


def main():
    print("reading")
    Sensor().read()


main()
