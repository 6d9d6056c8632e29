# pinloop: --board adc_esp32.toml
# machine.ADC on an ESP32: the attenuation sets the range (0 dB by default),
# read_uv() is the voltage in whole millivolts up to it, read() the legacy
# raw reading at width bits; bad settings are ValueError/TypeError.
from machine import ADC, Pin
import sys
a = ADC(Pin(34))
print(sys.platform, a.read_u16(), a.read_uv(), a.read())
a.atten(ADC.ATTN_11DB)
print("11dB", a.read_u16(), a.read_uv(), a.read())
b = ADC(Pin(35), atten=ADC.ATTN_6DB)
print("6dB", b.read_u16(), b.read_uv())
b.width(ADC.WIDTH_9BIT)
print("9 bit", b.read())
for bad in (lambda: a.atten(7), lambda: a.width(8), lambda: ADC(Pin(34), speed=1)):
    try:
        bad()
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
