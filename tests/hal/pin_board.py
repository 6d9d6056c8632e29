# pinloop: --board pyboard
# pyb.Pin.board: the board's pins as attributes, as on a Pyboard.
import pyb

x1 = pyb.Pin.board.X1
print(x1, pyb.Pin.board.LED_RED)
out = pyb.Pin(pyb.Pin.board.X2, pyb.Pin.OUT_PP)
out.high()
print(out.value(), pyb.Pin.board.X2.value())
print("X24" in dir(pyb.Pin.board), len(dir(pyb.Pin.board)))
try:
    pyb.Pin.board.Z9
except AttributeError as exc:
    print("AttributeError:", exc)
