from . import blink


class Beat(blink.Blink):
    pass
