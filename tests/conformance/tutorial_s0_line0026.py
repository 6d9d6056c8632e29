import uasyncio as asyncio
