# AT24C256: 32 KiB, 64-byte pages (see _at24c.py). Address 0x50 to 0x57.
from pinloop.models._at24c import AT24C


class AT24C256(AT24C):
    size = 32768
    page = 64


MODEL = AT24C256
