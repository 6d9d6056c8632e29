# pinloop: --clock virtual --board pyboard --pin-log -
# pyb.Timer channels in PWM mode: the pin log shows each output (the
# duty is pulse_width / (period + 1)), a new frequency retimes them (the
# pulse width stays in ticks, as the compare register does), PWM_INVERTED,
# prescaler/period/source_freq, Timer(n) again is the same timer; the
# modes pinloop does not simulate are refused.
import pyb, time
tim = pyb.Timer(2, freq=1000)
print(tim, tim.freq(), tim.prescaler(), tim.period(), tim.source_freq())
ch = tim.channel(1, pyb.Timer.PWM, pin=pyb.Pin.board.X1, pulse_width_percent=25)
print(ch, ch.pulse_width(), ch.pulse_width_percent())
time.sleep_ms(10)
ch.pulse_width(tim.period() // 2 + 1)
time.sleep_ms(10)
tim.freq(2000)
print(tim.period(), ch.pulse_width_percent())
time.sleep_ms(10)
inv = tim.channel(2, pyb.Timer.PWM_INVERTED, pin="X2", pulse_width_percent=10)
print(tim.channel(2) is inv, tim.channel(3))
t4 = pyb.Timer(4, prescaler=83, period=19999)
print(t4.freq(), pyb.Timer(1, freq=50).prescaler(), pyb.Timer(1).period())
for bad in (lambda: tim.channel(5, pyb.Timer.PWM), lambda: tim.channel(1, pyb.Timer.OC_TOGGLE), lambda: ch.callback(print)):
    try:
        bad()
    except ValueError as e:
        print("ValueError", e)
print("same timer:", pyb.Timer(2) is tim, pyb.Timer(2).freq())
