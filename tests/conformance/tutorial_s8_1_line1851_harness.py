# pinloop: --clock virtual
# Harness for the 8.1 event loop (tutorial_s8_1_line1851.py, unchanged):
# "not practical code", and as printed two of its blocks hold only comments,
# which no Python compiles; with `pass` there it runs. Its names (utime,
# the LEDs and their periods, switch, uart) are the harness's: a clock that
# says one second passes per trip round the loop, LEDs that report their
# toggles, a switch that closes at t=3 and counts its reads (the loop reads
# it once a pass, and once more in the branch for a change), and a UART
# whose any() ends the run after 8 s.
import fragment


class Clock:
    now = -1

    def time(self):
        self.now += 1
        return self.now


class Led:
    def __init__(self, name):
        self.name = name

    def toggle(self):
        print("t={} {} toggles".format(clock.now, self.name))


class Switch:
    reads = 0

    def state(self):
        return 0

    def value(self):
        Switch.reads += 1
        return 1 if clock.now >= 3 else 0


class Stop(Exception):
    pass


class Uart:
    def any(self):
        if clock.now >= 8:
            raise Stop
        return 0


clock = Clock()
fragment.compiles("tutorial_s8_1_line1851.py")
namespace = fragment.run_completed("tutorial_s8_1_line1851.py", {
    "utime": clock, "led1": Led("LED 1"), "led2": Led("LED 2"), "led_1_period": 2,
    "led_2_period": 3, "switch": Switch(), "uart": Uart()})
try:
    namespace["event_loop"]()
except Stop:
    print("stopped at t={}; switch.value() read {} times in {} passes".format(
        clock.now, Switch.reads, clock.now + 1))
