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
threshold = gc.threshold()
print("threshold set:", threshold > gc.mem_alloc() // 2 and threshold != -1)
