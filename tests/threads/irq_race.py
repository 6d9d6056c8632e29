# A thread and a hard timer IRQ both do a read-modify-write of one counter.
# The thread does it under machine.disable_irq(), which holds the IRQ off
# for the length of its critical section, and the handler runs with
# interrupts on; so no update is lost.
import machine
import _thread
import time

UPDATES = 3000
state = {"count": 0, "irq_calls": 0}


def tick(timer):
    value = state["count"]
    state["count"] = value + 1
    state["irq_calls"] += 1


done = _thread.allocate_lock()
done.acquire()


def worker():
    for _ in range(UPDATES):
        irq_state = machine.disable_irq()
        value = state["count"]
        for _ in range(20):  # widen the window an IRQ could hit
            pass
        state["count"] = value + 1
        machine.enable_irq(irq_state)
    done.release()


timer = machine.Timer(-1)
timer.init(mode=machine.Timer.PERIODIC, period=1, callback=tick)
_thread.start_new_thread(worker, ())
while not done.acquire(0):
    time.sleep_ms(1)  # the VM thread waits here, so the timer fires
timer.deinit()
irq_state = machine.disable_irq()
count, irq_calls = state["count"], state["irq_calls"]
machine.enable_irq(irq_state)
print("the IRQ ran during the thread:", irq_calls > 0)
print("no update lost:", count == UPDATES + irq_calls)
