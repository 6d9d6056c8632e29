# pinloop: --clock virtual --run-for 2.5
# --run-for stops a program that runs forever: nothing due at or after the
# limit runs, no exception is thrown into the program (the finally clause
# does not run), atexit handlers do, and the exit status is 0.
import atexit
import time

atexit.register(lambda: print("atexit handler ran at", time.ticks_ms()))
n = 0
try:
    while True:
        print("tick", n, time.ticks_ms())
        n += 1
        time.sleep(1)
finally:
    print("finally: not expected")
