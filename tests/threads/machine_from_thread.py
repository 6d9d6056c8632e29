# pinloop: --board pyboard --wire X1=X2
# A thread uses the board: pins it writes are the board's pins, an IRQ its
# write raises is delivered (a soft handler on the main thread, through
# micropython.schedule), and micropython.schedule works from the thread.
import _thread
import machine
import micropython
import time

main = _thread.get_ident()
out = machine.Pin('X1', machine.Pin.OUT, value=0)
seen = []


def on_edge(pin):
    seen.append(("edge", pin.value(), _thread.get_ident() == main))


machine.Pin('X2', machine.Pin.IN).irq(on_edge, machine.Pin.IRQ_RISING)

done = _thread.allocate_lock()
done.acquire()


def scheduled(arg):
    seen.append(("scheduled", arg, _thread.get_ident() == main))


def worker():
    out.value(1)  # X2 rises through the wire
    led = machine.Pin('X5', machine.Pin.OUT)
    led.on()
    micropython.schedule(scheduled, 42)
    done.release()


_thread.start_new_thread(worker, ())
done.acquire()
time.sleep_ms(10)  # scheduled calls run at the main thread's next safe point
print("X5 from the main thread:", machine.Pin('X5').value())
print("X2 from the main thread:", machine.Pin('X2').value())
for event in sorted(seen):
    print(event)
