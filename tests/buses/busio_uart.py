# pinloop: --clock virtual --board circuitpython --wire D0=D1
# CircuitPython's busio.UART on the board's TX/RX (wired back to each
# other here): writes arrive after their bits' time, reads wait `timeout`
# seconds; the board's shared buses board.I2C(), board.SPI(), board.UART().
import time

import board
import busio

uart = busio.UART(board.TX, board.RX, baudrate=9600, timeout=0.1)
print("baudrate", uart.baudrate, "timeout", uart.timeout, "waiting", uart.in_waiting)
t0 = time.monotonic()
print("write", uart.write(b"hello\nworld"))
print("read", uart.read(6), round(time.monotonic() - t0, 4))
print("waiting", uart.in_waiting)
buf = bytearray(8)
print("readinto", uart.readinto(buf), bytes(buf))
t0 = time.monotonic()
print("nothing comes:", uart.read(4), "after", round(time.monotonic() - t0, 3), "s")
uart.write(b"line one\nline two\n")
print("readline", uart.readline(), uart.readline())
uart.write(b"stale")
time.sleep(0.01)
uart.reset_input_buffer()
print("after reset_input_buffer", uart.in_waiting)
uart.baudrate = 115200
t0 = time.monotonic()
uart.write(b"x" * 100)
# write() returns once the bytes are sent; the receive buffer (64 bytes,
# receiver_buffer_size) keeps what arrived meanwhile and the rest is lost.
print("100 bytes at 115200, kept:", len(uart.read(100)), round(time.monotonic() - t0, 4), "s")
uart.deinit()
try:
    uart.read(1)
except ValueError as e:
    print("ValueError", e)

with busio.UART(board.TX, board.RX, parity=busio.UART.Parity.EVEN, timeout=0) as odd:
    odd.write(b"p")
    time.sleep(0.01)
    print("with parity", odd.read(1))

for bad in (dict(tx=board.D5, rx=board.D6), dict(parity="NONE")):
    try:
        busio.UART(**dict(dict(tx=board.TX, rx=board.RX), **bad))
    except ValueError as e:
        print("ValueError", e)
try:
    uart.write("text")
except Exception as e:
    print(type(e).__name__, e)

print("board.I2C() shared:", board.I2C() is board.I2C(), type(board.I2C()).__name__)
print("board.SPI() shared:", board.SPI() is board.SPI(), type(board.SPI()).__name__)
print("board.UART() shared:", board.UART() is board.UART())
i2c = board.I2C()
i2c.deinit()
print("a new one after deinit:", board.I2C() is not i2c)
print("scan", board.I2C().try_lock() and board.I2C().scan())
