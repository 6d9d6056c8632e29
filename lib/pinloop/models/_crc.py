# The CRC-8 humidity sensors append to their readings: polynomial
# x^8 + x^5 + x^4 + 1 (0x31), MSB first; the initial value is the chip's
# (0x00 for the HTU21D, 0xFF for the AHT20 and Sensirion's).


def crc8(data, initial):
    crc = initial
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = ((crc << 1) ^ 0x31) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc
