# pinloop: --clock virtual --board circuitpython --wire D5=D6 --wire D7=D8
# CircuitPython's board, digitalio, countio and keypad on the simulated
# board: directions, pulls, values through a wire, counting edges, key
# events, context managers and deinit, and bad input.
import board
import countio
import digitalio
import keypad
import time

print(board.board_id, board.D5, board.LED == board.D13)
try:
    board.D99
except AttributeError as exc:
    print("AttributeError:", str(exc)[:40])

with digitalio.DigitalInOut(board.D5) as out, digitalio.DigitalInOut(board.D6) as inp:
    print(out.direction, inp.direction, inp.pull)
    out.switch_to_output(value=True)
    print(out.direction, inp.value)
    out.value = False
    print(inp.value)
    inp.switch_to_input(pull=digitalio.Pull.UP)
    out.direction = digitalio.Direction.INPUT
    print(inp.pull, inp.value)
    try:
        inp.value = True
    except AttributeError as exc:
        print("AttributeError:", exc)
    out.switch_to_output(drive_mode=digitalio.DriveMode.OPEN_DRAIN)
    print(out.drive_mode, inp.value)
try:
    out.value
except ValueError as exc:
    print("ValueError:", exc)

driver = digitalio.DigitalInOut(board.D7)
driver.switch_to_output(value=True)
with countio.Counter(board.D8, edge=countio.Edge.RISE_AND_FALL) as counter:
    for _ in range(3):
        driver.value = not driver.value
    print("edges counted:", counter.count)
    counter.reset()
    print(counter.count)

driver.value = True
keys = keypad.Keys((board.D8,), value_when_pressed=False, pull=True)
print(keys.key_count, len(keys.events))
for level in (False, True, False):
    driver.value = level
event = keys.events.get()
print(event, event.pressed, event.released, event == keypad.Event(0, True))
into = keypad.Event()
print(keys.events.get_into(into), into, bool(keys.events), len(keys.events))
keys.reset()
print("held at reset:", keys.events.get())
keys.deinit()
print(keys.events.get(), time.monotonic() >= 0)
try:
    countio.Counter(board.D8, edge=9)
except ValueError as exc:
    print("ValueError:", exc)
