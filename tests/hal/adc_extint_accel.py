# pinloop: --clock virtual --board analog_board.toml
# machine.ADC and pyb.ADC (the board file's analog source, else the pin's
# digital level), pyb.ExtInt (line number, enable/disable, swint, a raising
# callback), pyb.Accel at rest.
import machine
import pyb

print(machine.ADC("X19").read_u16(), pyb.ADC(pyb.Pin("X19")).read())
out = machine.Pin("X20", machine.Pin.OUT, value=1)
print(machine.ADC(machine.Pin("X20")).read_u16(), pyb.ADC("X20").read())
out.off()
print(machine.ADC("X20").read_u16())
try:
    machine.ADC()
except TypeError as exc:
    print("TypeError:", exc)

lines = []
ext = pyb.ExtInt("X5", pyb.ExtInt.IRQ_FALLING, pyb.Pin.PULL_NONE, lambda line: lines.append(line))
print("line", ext.line())
ext.swint()
pyb.delay(1000)
print("callbacks:", lines)
ext.disable()
ext.swint()
print("disabled:", lines)
try:
    pyb.ExtInt("X6", 0, None, print)
except ValueError as exc:
    print("ValueError:", exc)


def broken(line):
    raise KeyError(line)


wired = machine.Pin("X8", machine.Pin.OUT, value=1)  # X8 is wired to X7
pyb.ExtInt("X7", pyb.ExtInt.IRQ_FALLING, None, broken)
wired.off()
print("goes on")
wired.on()
wired.off()
print("switched off after the error")

accel = pyb.Accel()
print(accel.x(), accel.y(), accel.z(), accel.tilt(), accel.filtered_xyz())
