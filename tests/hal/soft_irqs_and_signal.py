# pinloop: --clock virtual --wire OUT=IN
# Soft IRQ handlers (hard=False) are scheduled, as micropython.schedule
# callbacks are; disable_irq holds edges until enable_irq; a ThreadSafeFlag
# set by a hard handler wakes its task; Signal inverts.
import asyncio
import machine
from machine import Pin, Signal

out = Pin("OUT", Pin.OUT, value=0)
inp = Pin("IN", Pin.IN)
log = []
inp.irq(lambda p: log.append("soft"), Pin.IRQ_RISING)
out.on()
log.append("after on()")
machine.idle()
print(log)

log.clear()
inp.irq(lambda p: log.append(p.value()), Pin.IRQ_RISING | Pin.IRQ_FALLING, hard=True)
state = machine.disable_irq()
out.off()
out.on()
log.append("held")
machine.enable_irq(state)
print(log)

flag = asyncio.ThreadSafeFlag()
inp.irq(lambda p: flag.set(), Pin.IRQ_FALLING, hard=True)


async def waiter():
    await flag.wait()
    print("woken by the IRQ")


async def main():
    task = asyncio.create_task(waiter())
    await asyncio.sleep_ms(10)
    out.off()
    await task


asyncio.run(main())

led = Signal("LED_ACTIVE_LOW", Pin.OUT, invert=True)
raw = Pin("LED_ACTIVE_LOW")
led.on()
print(led.value(), raw.value())
led.off()
print(led.value(), raw.value())
plain = Signal(out)
plain.value(1)
print(plain.value(), out.value())
print(machine.freq() > 0, len(machine.unique_id()) > 0)
