# pinloop: --board analog_board.toml
# machine.ADC.read_uv() on a board whose ADC spans 0-3.3 V: the source
# (the board file's [[adc]] value, 0-65535) is that fraction of 3.3 V;
# there is no attenuation, width or raw read(), and init takes sample_ns.
from machine import ADC, Pin

print(ADC("X19").read_u16(), ADC("X19").read_uv())
high = Pin("X20", Pin.OUT, value=1)
adc = ADC(Pin("X20"), sample_ns=1000)
print(adc.read_u16(), adc.read_uv())
adc.init(sample_ns=500)
for bad in (lambda: adc.atten(3), lambda: adc.width(12), lambda: adc.read(), lambda: ADC("X19", atten=0), lambda: adc.init(5)):
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)
