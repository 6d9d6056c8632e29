# micropython.schedule: callbacks run soon, between bytecodes, in order,
# never nested; a full queue raises RuntimeError; an exception in a
# callback is reported and the interrupted code runs on.
import micropython


def callback(arg):
    global done
    print("callback", arg)
    done = True


done = False
micropython.schedule(callback, 1)
while not done:
    pass


def inner(arg):
    global count
    print("inner")
    count += 1


def outer(arg):
    global count
    micropython.schedule(inner, 0)
    for i in range(100):
        pass
    print("outer")
    count += 1


count = 0
micropython.schedule(outer, 0)
while count != 2:
    pass


def flood(arg):
    global done
    try:
        for i in range(100):
            micropython.schedule(lambda x: x, None)
    except RuntimeError as exc:
        print("RuntimeError:", exc)
    done = True


done = False
micropython.schedule(flood, None)
while not done:
    pass


def fails(arg):
    global done
    done = True
    raise ValueError(arg)


done = False
micropython.schedule(fails, "from callback")
while not done:
    pass
print("main code runs on")

# Scheduled callbacks also run while the main code sleeps.
import time

done = False
micropython.schedule(callback, "during sleep")
time.sleep_ms(50)
print("slept, done =", done)

try:
    micropython.schedule(42, None)
except TypeError as exc:
    print("TypeError:", exc)
