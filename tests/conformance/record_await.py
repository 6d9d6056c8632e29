"""Test support for the two 7.4 __await__ harnesses: the method is the body
of a class like 6.2's RecordOrientedUart (UART 4 looped back through X1-X2);
the record is sent and received before the await, and a round-robin task
counts how often it runs while the awaiting task waits."""

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


rounds = 0


async def round_robin():
    global rounds
    while True:
        rounds += 1
        await asyncio.sleep(0)


async def main(Record):
    record = Record()
    record.uart.write(b"A line of text.\0")
    await asyncio.sleep_ms(50)  # 16 characters at 9600 baud: about 17 ms
    asyncio.create_task(round_robin())
    await asyncio.sleep(0)
    before = rounds
    await record
    print("record:", record.data, "- the other task ran", rounds - before, "times meanwhile")


def run(fragment_file):
    """Runs the __await__ method in `fragment_file` as described above."""
    record_class = fragment.class_with_body(fragment_file, "Record", RecordBase,
                                            {"asyncio": asyncio})
    asyncio.run(main(record_class))
