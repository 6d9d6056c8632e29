# The firmware: blinks an LED, counts debounced button presses, samples an
# analogue sensor on a hardware timer, and reports over a UART.
import asyncio
from machine import ADC, UART, Pin, Timer

import config
from button import Button

led = Pin(config.LED, Pin.OUT)
sensor = ADC(Pin(config.SENSOR))
uart = UART(config.UART_ID, 9600)
samples = []


def sample(timer):  # runs in the timer's interrupt
    samples.append(sensor.read_u16())


async def blink():
    while True:
        led.toggle()
        await asyncio.sleep_ms(config.BLINK_MS)


async def buttons(button):
    while True:
        count = await button.pressed()
        print("button pressed,", count, "so far")


async def report():
    writer = asyncio.StreamWriter(uart, {})
    while True:
        await asyncio.sleep_ms(config.REPORT_MS)
        if samples:
            mean = sum(samples) // len(samples)
            samples.clear()
            writer.write("sensor {}\n".format(mean))
            await writer.drain()


async def listen():
    reader = asyncio.StreamReader(uart)
    while True:
        line = await reader.readline()
        print("uart:", line.decode().strip())


async def main():
    Timer(-1, freq=10, callback=sample)
    button = Button(config.BUTTON, config.DEBOUNCE_MS)
    asyncio.create_task(blink())
    asyncio.create_task(buttons(button))
    asyncio.create_task(listen())
    await report()


asyncio.run(main())
