# pinloop: --clock virtual --board pyboard --wire X1=X2
# Bad input to pins and IRQs: an unknown pin name on a named board, a bad
# mode, pull or trigger, a handler that is not callable, and a handler that
# raises (reported as MicroPython reports it, and disabled: the next edge
# runs nothing, other handlers still run).
from machine import Pin

for bad in (lambda: Pin("Z9"), lambda: Pin("X1", 7), lambda: Pin("X1", Pin.IN, 9),
            lambda: Pin("X1").irq(print, trigger=8), lambda: Pin("X1").irq(42)):
    try:
        bad()
    except (ValueError, TypeError) as exc:
        print(type(exc).__name__ + ":", exc)

out = Pin("X2", Pin.OUT, value=0)
inp = Pin("X1", Pin.IN)


def broken(pin):
    raise RuntimeError("handler failed")


count = []
inp.irq(broken, Pin.IRQ_RISING, hard=True)
Pin("X3", Pin.OUT).value(0)
out.on()
print("the program goes on")
out.off()
out.on()
print("disabled after the error:", inp.irq().trigger())
inp.irq(lambda p: count.append(1), Pin.IRQ_RISING, hard=True)
out.off()
out.on()
print("a new handler runs:", count)
