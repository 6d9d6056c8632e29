# pinloop: --clock virtual --board pyboard --wire X1=X2 --wire X9=X4 --pin-log -
# machine.UART / pyb.UART on wired pins: loopback paced by the baud rate,
# timeouts in the active clock, the receive buffer, bad input.
import time
import machine
import pyb
from machine import UART

print(machine.UART is pyb.UART)
u = UART(4, 9600)
print(u)
t = time.ticks_us()
print(u.write(b"abc"))  # returns with the last byte in the shift register
print("write took", time.ticks_diff(time.ticks_us(), t), "us", "txdone", u.txdone())
u.flush()
print("flushed at", time.ticks_diff(time.ticks_us(), t), "us", "txdone", u.txdone())
print("any", u.any())
print(u.read())
print(u.read())  # timeout=0: nothing waiting gives None
print(u.write("str ok\nrest"))
time.sleep_ms(20)
print(u.readline(), u.readline(), u.readline())
print(u.write(b"xyz"), u.readchar())  # the first character is in the buffer
print(u.readchar(), u.readchar(), u.readchar())
buf = bytearray(4)
u.write(b"12345")
time.sleep_ms(10)
print(u.readinto(buf), buf, u.read(0), u.any(), u.read(1))

# A read with a timeout waits for the first character, then timeout_char
# for each further one.
u.init(9600, timeout=100)
print(u)
t = time.ticks_ms()
print(u.read(3), "after", time.ticks_diff(time.ticks_ms(), t), "ms")

# Two UARTs: UART(1)'s TX (X9) is wired to UART(2)'s RX (X4); slow 1200 baud.
a = pyb.UART(1, 1200)
b = pyb.UART(2, 1200, timeout=50, rxbuf=8)
t = time.ticks_ms()
a.write(b"0123456789")
print("1200 baud, 10 chars: write returned after", time.ticks_diff(time.ticks_ms(), t), "ms")
time.sleep_ms(20)
print(b.any(), b.read(), "(rxbuf=8: the rest was lost)")
print(u.any(), "(UART(4) heard nothing)")
b.deinit()
a.write(b"x")
time.sleep_ms(20)
print(repr(b))
b.init(1200)
print(b.any())

for bad in (
    lambda: UART(7, 9600),
    lambda: UART("X", 9600),
    lambda: UART(3).read(),
    lambda: UART(3).write(b"x"),
    lambda: UART(3, 9600, bits=4),
    lambda: UART(3, 9600, parity=2),
    lambda: UART(3, 9600, stop=3),
    lambda: UART(3, 9600, timeout=-1),
    lambda: UART(3, 0),
    lambda: UART(3).init(),
):
    try:
        bad()
    except Exception as exc:
        print(type(exc).__name__ + ":", exc)
