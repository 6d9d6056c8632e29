# _thread as on MicroPython's unix port, and CPython's threading on top.
import _thread
import threading
import time

main = _thread.get_ident()
print("ident is an int:", isinstance(main, int) and main != -1)
print("stack_size:", _thread.stack_size())

lock = _thread.allocate_lock()
print("locked:", lock.locked(), lock.acquire(), lock.locked())
print("acquire without waiting:", lock.acquire(0))
lock.release()

results = []
results_lock = _thread.allocate_lock()


def add(a, b=0):
    with results_lock:
        results.append((a + b, _thread.get_ident() != main))


done = _thread.allocate_lock()
done.acquire()


def run_all():
    for i in range(5):
        add(i, b=10)
    done.release()


_thread.start_new_thread(run_all, ())
done.acquire()
print("from a thread:", results)


def fails(n):
    raise ValueError("bad value %d" % n)


def exits():
    raise SystemExit  # ends the thread quietly


_thread.start_new_thread(exits, ())
_thread.start_new_thread(fails, (7,))
time.sleep(0.2)

t = threading.Thread(target=add, args=(100,))
t.start()
t.join()
print("threading.Thread:", results[-1])

# MicroPython takes the arguments as a list too.
_thread.start_new_thread(lambda a, b: (add(a, b), done.release()), [1, 2])
done.acquire()
print("arguments in a list:", results[-1])

for bad in ((5, ()), (add, 5), (add, (1,), 3)):
    try:
        _thread.start_new_thread(*bad)
    except TypeError as e:
        print("TypeError:", e)
