# pinloop: --board oled_board.toml
# The SSD1306 model on SPI, from the board file (128x32, D/C on Y4, reset
# on Y3): bytes are commands while D/C is low and data while it is high;
# a low reset line puts the controller back to its reset state (display
# off, page mode) and keeps the RAM; with chip select high nothing lands.
from machine import Pin, SPI
import pinloop

spi = SPI(1, baudrate=8_000_000)
cs = Pin("X5", Pin.OUT, value=1)
dc = Pin("Y4", Pin.OUT, value=0)
res = Pin("Y3", Pin.OUT, value=1)
panel = pinloop.device(spi, "X5")
print(type(panel).__name__, panel.width, "x", panel.height)


def send(is_data, payload):
    dc(is_data)
    cs(0)
    spi.write(payload)
    cs(1)


send(0, bytes([0xA8, 31, 0xA1, 0xC8, 0x20, 0x00, 0xAF]))
send(1, bytes([0x3C, 0x42, 0x81, 0x81, 0x42, 0x3C]))
for row in panel.rows(0, 0, 8, 8):
    print(row)
print("on", panel.display_on, "mode", panel.mode)

dc(0)
spi.write(bytes([0xAE]))  # chip select high: the display ignores it
print("still on", panel.display_on)

res(0)
res(1)
print("after reset: on", panel.display_on, "mode", panel.mode, "ram kept", panel.ram[0] == 0x3C)

# The bottom row of a 32-row panel is RAM row 31 (page 3).
send(0, bytes([0xA8, 31, 0xA1, 0xC8, 0xAF, 0xB3, 0x00, 0x10]))
send(1, b"\x80\x80\x80")
print(panel.rows(0, 31, 4, 1), panel.lit(0, 30))
