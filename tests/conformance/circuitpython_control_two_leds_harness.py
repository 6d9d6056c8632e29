# Harness for the guide's "Control Two Blinking LEDs" main()
# (circuitpython_control_two_leds.py): "The rest of the program stays the
# same", so the harness runs the "Control One Blinking LED" program
# (circuitpython_keypad_interval.py) unchanged but for its last line, the
# asyncio.run(main()) that would start the old main(), then the new main()
# in its place, on a board with buttons D3-D6 (d3_to_d6_buttons.toml) for
# four seconds; both LEDs show in the pin log.
import asyncio
import fragment

program = fragment.text("circuitpython_keypad_interval.py")
last_line = "asyncio.run(main())\n"
assert program.endswith(last_line)
namespace = {"__name__": "__main__"}
exec(compile(program[: -len(last_line)], "circuitpython_keypad_interval.py", "exec"), namespace)
fragment.run("circuitpython_control_two_leds.py", namespace)
asyncio.run(namespace["main"]())
