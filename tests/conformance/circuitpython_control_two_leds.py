# Extraction repair: two lines the guide's PDF text wrapped are joined again; otherwise as printed.
async def main():
    interval1 = Interval(0.5)
    interval2 = Interval(1.0)

    led1_task = asyncio.create_task(blink(board.D1, interval1))
    led2_task = asyncio.create_task(blink(board.D2, interval2))
    interval1_task = asyncio.create_task(monitor_interval_buttons(board.D3, board.D4, interval1))
    interval2_task = asyncio.create_task(monitor_interval_buttons(board.D5, board.D6, interval2))

    await asyncio.gather(led1_task, led2_task, interval1_task, interval2_task)
