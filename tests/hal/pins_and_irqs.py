# pinloop: --clock virtual --wire OUT=IN --wire A=B=C
# machine.Pin on the default board: wired pins, levels, pulls, open drain,
# hard IRQs (run before the write that made the edge returns), triggers,
# and detaching a handler.
from machine import Pin

out = Pin("OUT", Pin.OUT, value=0)
inp = Pin("IN", Pin.IN)
print(inp.value(), out.value(), inp(), out)
log = []


def handler(pin):
    log.append((pin.name(), pin.value()))


irq = inp.irq(handler, Pin.IRQ_RISING | Pin.IRQ_FALLING, hard=True)
out.on()
print("after on():", log)
out.off()
out(1)
out.toggle()
print(log, irq.trigger() == Pin.IRQ_RISING | Pin.IRQ_FALLING)
log.clear()
inp.irq(handler, Pin.IRQ_RISING, hard=True)
for level in (1, 0, 1, 0):
    out.value(level)
print("rising only:", log)
inp.irq(None)
out.on()
print("detached:", log, inp.value())

# Three pins on one net: a pull-up, an open-drain output, a reader.
a = Pin("A", Pin.IN, Pin.PULL_UP)
b = Pin("B", Pin.OPEN_DRAIN, value=1)
c = Pin("C", Pin.IN)
print("pulled up:", c.value(), a.pull() == Pin.PULL_UP)
b.value(0)
print("open drain low:", c.value(), a.value())
b.value(1)
print("released:", c.value())
b.init(Pin.OUT, value=0)
print("push-pull low:", c.value(), b.mode() == Pin.OUT)

# A pin that is not wired reads what it drives, or its pull.
lone = Pin("LONE", Pin.OUT)
lone.on()
print(lone.value(), Pin("FLOAT", Pin.IN, Pin.PULL_DOWN).value())
print(Pin(5, Pin.IN, Pin.PULL_UP).value(), Pin("X1") is not None)
