# pinloop: --clock virtual
# machine.freq(hz) sets what freq() reads; lightsleep(ms) passes board
# time with timers firing meanwhile; the reset causes; WDT's bad input.
# (A watchdog that resets the board is tested through real processes in
# crates/pinloop/tests/project.rs.)
import time

import machine

print(machine.freq())
machine.freq(48_000_000)
print(machine.freq())
ticks = []
timer = machine.Timer(-1)
timer.init(mode=machine.Timer.PERIODIC, period=100, callback=lambda t: ticks.append(time.ticks_ms()))
start = time.ticks_ms()
machine.lightsleep(350)
timer.deinit()
print("slept", time.ticks_diff(time.ticks_ms(), start), "ms; timer at", ticks)
print(machine.PWRON_RESET, machine.HARD_RESET, machine.WDT_RESET, machine.DEEPSLEEP_RESET, machine.SOFT_RESET)
for bad in (lambda: machine.freq(0), lambda: machine.WDT(1), lambda: machine.WDT(timeout=0)):
    try:
        bad()
    except ValueError as exc:
        print("ValueError:", exc)
