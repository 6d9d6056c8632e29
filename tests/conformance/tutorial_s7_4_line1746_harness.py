# pinloop: --clock virtual --board pyboard --wire X1=X2
# Harness for a 7.4 __await__ method (tutorial_s7_4_line1746.py, unchanged),
# the corrected version: it yields first, so other tasks run. It is the body of a class like 6.2's RecordOrientedUart
# (UART 4 looped back through X1-X2); the record is sent and received
# before the await, and a round-robin task counts how often it runs while
# the awaiting task waits.
import asyncio
import fragment
from pyb import UART


class RecordBase:
    DELIMITER = b"\0"

    def __init__(self):
        self.uart = UART(4, 9600)
        self.data = b""

    def __iter__(self):  # MicroPython awaits an object through __iter__
        return self.__await__()


Record = fragment.class_with_body("tutorial_s7_4_line1746.py", "Record", RecordBase,
                                  {"asyncio": asyncio})
rounds = 0


async def round_robin():
    global rounds
    while True:
        rounds += 1
        await asyncio.sleep(0)


async def main():
    record = Record()
    record.uart.write(b"A line of text.\0")
    await asyncio.sleep_ms(50)  # 16 characters at 9600 baud: about 17 ms
    asyncio.create_task(round_robin())
    await asyncio.sleep(0)
    before = rounds
    await record
    print("record:", record.data, "- the other task ran", rounds - before, "times meanwhile")


asyncio.run(main())
