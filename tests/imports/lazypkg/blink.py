class Blink:
    pass
