# pinloop: --clock virtual
# machine.Timer in virtual time: periodic and one-shot, period and freq,
# callbacks during time.sleep and while asyncio idles, deinit, a callback
# that raises (reported, switched off, the others run on).
import asyncio
import time
from machine import Timer

start = time.ticks_ms()


def stamp(what):
    print(what, time.ticks_diff(time.ticks_ms(), start))


periodic = Timer(-1, mode=Timer.PERIODIC, period=300, callback=lambda t: stamp("periodic"))
once = Timer(-1)
once.init(mode=Timer.ONE_SHOT, period=500, callback=lambda t: stamp("one-shot"))
time.sleep(1)
stamp("slept 1 s")
periodic.deinit()
time.sleep(1)
stamp("deinit: nothing more")

fast = Timer(3, freq=4, callback=lambda t: stamp("4 Hz"))
calls = []


def fails(timer):
    calls.append(timer)
    raise ValueError("timer callback failed")


failing = Timer(-1, period=200, callback=fails)


async def main():
    await asyncio.sleep_ms(700)
    stamp("asyncio slept 700 ms")
    fast.deinit()
    failing.deinit()


asyncio.run(main())
print("failing callback ran", len(calls), "time", calls[0] is failing)
try:
    Timer(-1, period=0, callback=print)
except ValueError as exc:
    print("ValueError:", exc)
try:
    Timer(-1, mode=7, period=10)
except ValueError as exc:
    print("ValueError:", exc)
