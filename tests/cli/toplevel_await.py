# pinloop: -i
# Top-level await at the prompt (as CPython's `python -m asyncio` has it):
# values are displayed and set `_`, names bound land in __main__, a task
# made at the prompt runs on while later statements await, exceptions show
# as at any prompt. The statements come from toplevel_await.in.
import asyncio

log = []


async def fetch(n):
    await asyncio.sleep_ms(10)
    log.append(n)
    return n * 2
