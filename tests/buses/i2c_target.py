# pinloop: --board pyboard --clock virtual
# machine.I2CTarget: the board as a target on its I2C(1), the controller a
# SoftI2C and an I2C on the same pins. A memory device (memaddr, writes and
# wrapping reads, soft END_READ/END_WRITE events, none for a write of the
# address alone), a callback device answering hard IRQs per byte, deinit,
# and bad input.
from machine import I2CTarget, SoftI2C, I2C
import micropython

# A memory device, its controller a software bus on the same pins.
mem = bytearray(b"01234567")
events = []
def on_event(t):
    events.append((t.irq().flags(), t.memaddr))
target = I2CTarget(1, addr=0x42, mem=mem)
target.irq(on_event)
ctl = SoftI2C(scl="X9", sda="X10")
print("scan", [hex(a) for a in ctl.scan()])
ctl.writeto_mem(0x42, 2, b"abc")
print(mem, ctl.readfrom_mem(0x42, 3, 2))
ctl.writeto(0x42, b"\x06")          # the address alone: no END_WRITE
print(ctl.readfrom(0x42, 3))      # reads wrap at the end of mem
micropython.schedule(lambda _: None, None)
import time; time.sleep_ms(1)
print("soft events", events)

# Callbacks: a hard handler answers each request.
target.deinit()
print("after deinit", ctl.scan())
raw = I2CTarget(1, addr=0x10)
got = bytearray(1)
log = []
def on_raw(t):
    f = t.irq().flags()
    log.append(f)
    if f & I2CTarget.IRQ_READ_REQ:
        t.write(b"\x5a")
    if f & I2CTarget.IRQ_WRITE_REQ:
        t.readinto(got)
raw.irq(on_raw, trigger=I2CTarget.IRQ_ADDR_MATCH_READ | I2CTarget.IRQ_ADDR_MATCH_WRITE | I2CTarget.IRQ_READ_REQ | I2CTarget.IRQ_WRITE_REQ | I2CTarget.IRQ_END_READ | I2CTarget.IRQ_END_WRITE, hard=True)
hw = I2C(1)
hw.writeto(0x10, b"\x07")
print("target got", got, "controller read", hw.readfrom(0x10, 2))
print("events", log)
for bad in (lambda: raw.irq(print, trigger=I2CTarget.IRQ_READ_REQ), lambda: I2CTarget(1, addr=0x10), lambda: I2CTarget(1, addr=0x300, addrsize=10), lambda: I2CTarget(1, 5, mem_addrsize=12)):
    try:
        bad()
    except ValueError as e:
        print("ValueError", e)
