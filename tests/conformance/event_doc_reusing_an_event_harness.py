# pinloop: --clock virtual
# Harness for the Event document's `worker` (event_doc_reusing_an_event.py):
# a producer sets the event whenever there is work, at 1 s, 2 s and 3 s;
# the worker does one unit each time and clears the event. A second set
# before the worker wakes (at 3 s, twice) still gives one unit: the case
# the document warns about.
import asyncio
import fragment

units = 0


def do_one_unit_of_work():
    global units
    units += 1
    fragment.at("unit of work {}".format(units))


namespace = fragment.run("event_doc_reusing_an_event.py",
                         {"do_one_unit_of_work": do_one_unit_of_work})


async def main():
    go = asyncio.Event()
    worker = asyncio.create_task(namespace["worker"](go))
    for _ in range(2):
        await asyncio.sleep(1)
        go.set()
    await asyncio.sleep(1)
    go.set()
    go.set()
    await asyncio.sleep(1)
    print("units:", units, "event set:", go.is_set())
    worker.cancel()


asyncio.run(main())
