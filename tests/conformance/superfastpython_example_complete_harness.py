# pinloop: --clock virtual
# Harness for SuperFastPython's complete Event example
# (superfastpython_example_complete.py): it prints random values, so the
# harness seeds the generator and runs the example unchanged. Each task
# reports after sleeping its value, so they report in order of value.
import fragment
import random

random.seed(2023)
fragment.run("superfastpython_example_complete.py", {"__name__": "__main__"})
