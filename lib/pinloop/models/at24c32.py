# AT24C32: 4 KiB, 32-byte pages (see _at24c.py). Address 0x50 to 0x57.
from pinloop.models._at24c import AT24C


class AT24C32(AT24C):
    size = 4096
    page = 32


MODEL = AT24C32
