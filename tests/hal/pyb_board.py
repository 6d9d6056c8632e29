# pinloop: --clock virtual --board pyb_board.toml
# pyb on the Pyboard: LEDs, the USR switch pressed by the board file's
# stimuli (value(), calling it, callback()), pyb.Timer, delay, millis and
# elapsed_millis, and bad input.
import pyb

leds = [pyb.LED(n) for n in range(1, 5)]
leds[0].on()
leds[1].toggle()
leds[3].intensity(128)
print([led.intensity() for led in leds], leds[0])
leds[1].toggle()
print(leds[1].intensity())
try:
    pyb.LED(5)
except ValueError as exc:
    print("ValueError:", exc)

sw = pyb.Switch()
start = pyb.millis()
print("pressed at start:", sw.value(), sw())
presses = []
sw.callback(lambda: presses.append(pyb.elapsed_millis(start)))
pyb.delay(1550)
print("pressed at 1.55 s:", sw.value())
pyb.delay(100)
print("released at 1.65 s:", sw(), "presses at", presses)
sw.callback(None)
pyb.delay(1000)
print("no callback for the 2.5 s press:", presses)

ticks = []
tim = pyb.Timer(4, freq=10, callback=lambda t: ticks.append(pyb.elapsed_millis(start)))
print(tim, tim.freq())
pyb.delay(350)
tim.callback(None)
pyb.delay(200)
print("ticks:", ticks)
tim.deinit()
for bad in (lambda: pyb.Timer(15), lambda: pyb.Timer(2, freq=0)):
    try:
        bad()
    except ValueError as exc:
        print("ValueError:", exc)
