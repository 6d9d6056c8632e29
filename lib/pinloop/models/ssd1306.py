# SSD1306 OLED controller (Solomon Systech datasheet rev 1.1) with a
# 128x64 or 128x32 panel, on I2C (address 0x3C or 0x3D) or 4-wire SPI
# (chip select, and a D/C pin: low for commands, high for data).
#
# On I2C every transaction starts with a control byte: bit 7 (Co) set
# means one byte follows and then another control byte, clear means the
# rest of the transaction is one stream; bit 6 (D/C#) says whether that
# is data or commands. A read returns the status byte (bit 6: display
# off).
#
# The display RAM is 128 columns by 8 pages of 8 rows (bit 0 the top
# row of a page). Data bytes go to the RAM at the column and page
# pointers, which move on by the addressing mode (0x20): horizontal,
# vertical, or page (the reset default). The picture is what the panel
# shows: display on/off (0xAE/0xAF), entire display on (0xA5), inverse
# (0xA7), segment remap (0xA0/0xA1), COM scan direction (0xC0/0xC8),
# start line (0x40-0x7F) and display offset (0xD3). The panel is
# mounted as on the usual modules, so 0xA1 with 0xC8 (what drivers send)
# shows the RAM upright. Scrolling commands are accepted and their
# arguments read, but the picture does not scroll.
#
# Settings: height (64 or 32), dc (the D/C pin, SPI only), res (the
# reset pin, optional: low resets the controller).

from pinloop.devices import I2CDevice, SPIDevice, level, watch

_COLUMNS = 128
_PAGES = 8

# Commands followed by this many argument bytes.
_ARGUMENTS = {
    0x20: 1, 0x21: 2, 0x22: 2, 0x26: 6, 0x27: 6, 0x29: 5, 0x2A: 5,
    0x81: 1, 0x8D: 1, 0xA3: 2, 0xA8: 1, 0xAD: 1, 0xD3: 1, 0xD5: 1,
    0xD9: 1, 0xDA: 1, 0xDB: 1,
}

_HORIZONTAL, _VERTICAL, _PAGE = 0, 1, 2


class SSD1306(I2CDevice, SPIDevice):
    def __init__(self, height=64, dc=None, res=None):
        self.height = height
        self.width = _COLUMNS
        self.dc = dc
        self.res = res
        self.ram = bytearray(_COLUMNS * _PAGES)
        self.reset()

    def reset(self):
        """The controller's state after RES# (the RAM keeps its contents)."""
        self.display_on = False
        self.entire_on = False
        self.inverted = False
        self.seg_remap = False
        self.com_remap = False
        self.start_line = 0
        self.offset = 0
        self.contrast = 0x7F
        self.mux = 64
        self.mode = _PAGE
        self.column = 0
        self.page = 0
        self.columns = (0, _COLUMNS - 1)
        self.pages = (0, _PAGES - 1)
        self.charge_pump = False
        self.scrolling = False
        self._command = None
        self._arguments = []
        self._control = True
        self._data = False
        self._single = False

    # --- the buses -------------------------------------------------------

    def on_attach(self):
        if self.dc is not None:
            self._dc_level = level(self.dc)
            watch(self.dc, self._dc_changed)
        if self.res is not None:
            watch(self.res, self._res_changed)

    def _dc_changed(self, level):
        self._dc_level = level

    def _res_changed(self, level):
        if not level:
            self.reset()

    def on_start(self, read):
        self._control = True

    def on_write(self, data):
        for byte in data:
            if self._control:
                self._single = bool(byte & 0x80)
                self._data = bool(byte & 0x40)
                self._control = False
            else:
                self._byte(byte, self._data)
                self._control = self._single
        return None

    def on_read(self, n):
        status = 0x40 if not self.display_on else 0x00
        return bytes([status]) * n

    def on_transfer(self, data):
        if self.dc is None:
            raise ValueError("an SSD1306 on SPI needs its D/C pin: the setting dc")
        for byte in data:
            self._byte(byte, self._dc_level)
        return None

    # --- the controller --------------------------------------------------

    def _byte(self, byte, is_data):
        if is_data:
            self._write_ram(byte)
        elif self._command is not None:
            self._arguments.append(byte)
            if len(self._arguments) == _ARGUMENTS[self._command]:
                self._run(self._command, self._arguments)
                self._command = None
        elif byte in _ARGUMENTS:
            self._command = byte
            self._arguments = []
        else:
            self._run(byte, ())

    def _run(self, command, args):
        if command == 0x20:
            self.mode = args[0] & 0x03 if args[0] & 0x03 != 3 else self.mode
        elif command == 0x21:
            self.columns = (args[0] & 0x7F, args[1] & 0x7F)
            self.column = self.columns[0]
        elif command == 0x22:
            self.pages = (args[0] & 0x07, args[1] & 0x07)
            self.page = self.pages[0]
        elif command == 0x81:
            self.contrast = args[0]
        elif command == 0x8D:
            self.charge_pump = bool(args[0] & 0x04)
        elif command == 0xA8:
            self.mux = max((args[0] & 0x3F) + 1, 16)
        elif command == 0xD3:
            self.offset = args[0] & 0x3F
        elif 0x00 <= command <= 0x0F:
            self.column = (self.column & 0xF0) | command
        elif 0x10 <= command <= 0x1F:
            self.column = (self.column & 0x0F) | ((command & 0x07) << 4)
        elif 0x40 <= command <= 0x7F:
            self.start_line = command & 0x3F
        elif command in (0xA0, 0xA1):
            self.seg_remap = command == 0xA1
        elif command in (0xA4, 0xA5):
            self.entire_on = command == 0xA5
        elif command in (0xA6, 0xA7):
            self.inverted = command == 0xA7
        elif command in (0xAE, 0xAF):
            self.display_on = command == 0xAF
        elif 0xB0 <= command <= 0xB7:
            self.page = command & 0x07
        elif command in (0xC0, 0xC8):
            self.com_remap = command == 0xC8
        elif command in (0x2E, 0x2F):
            self.scrolling = command == 0x2F
        # Timing and drive settings (0xD5, 0xD9, 0xDA, 0xDB, 0xAD), NOP
        # (0xE3) and unknown bytes change nothing the picture shows.

    def _write_ram(self, byte):
        self.ram[self.page * _COLUMNS + self.column] = byte
        first_column, last_column = self.columns
        first_page, last_page = self.pages
        if self.mode == _HORIZONTAL:
            if self.column >= last_column:
                self.column = first_column
                self.page = first_page if self.page >= last_page else self.page + 1
            else:
                self.column += 1
        elif self.mode == _VERTICAL:
            if self.page >= last_page:
                self.page = first_page
                self.column = first_column if self.column >= last_column else self.column + 1
            else:
                self.page += 1
        else:
            self.column = 0 if self.column >= _COLUMNS - 1 else self.column + 1

    # --- what the panel shows ----------------------------------------------

    def lit(self, x, y):
        """Whether the panel's pixel (x, y) is lit (0, 0 top left)."""
        if not self.display_on:
            return False
        if self.entire_on:
            return True
        segment = _COLUMNS - 1 - x
        column = _COLUMNS - 1 - segment if self.seg_remap else segment
        com = self.height - 1 - y
        row = self.mux - 1 - com if self.com_remap else com
        row = (row + self.start_line + self.offset) % 64
        bit = (self.ram[(row >> 3) * _COLUMNS + column] >> (row & 7)) & 1
        return bool(bit) != self.inverted

    def picture(self):
        """(width, height, pixels): the panel as grey levels, 255 lit."""
        pixels = bytearray(self.width * self.height)
        for y in range(self.height):
            for x in range(self.width):
                if self.lit(x, y):
                    pixels[y * self.width + x] = 255
        return self.width, self.height, pixels

    def rows(self, left=0, top=0, width=None, height=None):
        """The panel (or a part of it) as text: '#' lit, '.' dark."""
        width = self.width - left if width is None else width
        height = self.height - top if height is None else height
        return [
            "".join("#" if self.lit(x, y) else "." for x in range(left, left + width))
            for y in range(top, top + height)
        ]


MODEL = SSD1306
