# pinloop: --clock virtual
# Harness for the 7.3 lines (tutorial_s7_3_line1720.py, unchanged, indented
# as in the text), run as the loop of a task "which issues" them, with
# `gc` imported as the text assumes: every 100 ms for half a second. The
# threshold it sets is a quarter of the free heap above what is allocated.
import asyncio
import fragment
import gc


async def collector():
    for _ in range(5):
        await fragment.coroutine("tutorial_s7_3_line1720.py", {"gc": gc})
        await asyncio.sleep_ms(100)
    fragment.at("collected five times")


asyncio.run(collector())
# Free memory (the host's, as pinloop counts it) moves a little between the
# fragment and this check: allow 1 %.
expected = gc.mem_free() // 4 + gc.mem_alloc()
print("threshold is a quarter of the free heap above the allocated:",
      abs(gc.threshold() - expected) < expected // 100)
