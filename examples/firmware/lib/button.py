# A debounced push button: the pin's IRQ wakes a task through a
# ThreadSafeFlag, and a level counts only once it has held for
# `debounce_ms`: a press is a steady low after a steady high, so the
# bounces of one press count once.
import asyncio
from machine import Pin


class Button:
    def __init__(self, name, debounce_ms=20):
        self.pin = Pin(name, Pin.IN, Pin.PULL_UP)
        self.debounce_ms = debounce_ms
        self.presses = 0
        self._down = False
        self._edge = asyncio.ThreadSafeFlag()
        self.pin.irq(lambda pin: self._edge.set(), Pin.IRQ_FALLING | Pin.IRQ_RISING)

    async def pressed(self):
        """Waits for the next press; the number of presses so far."""
        while True:
            await self._edge.wait()
            await asyncio.sleep_ms(self.debounce_ms)
            down = self.pin.value() == 0
            if down and not self._down:
                self._down = True
                self.presses += 1
                return self.presses
            self._down = down
