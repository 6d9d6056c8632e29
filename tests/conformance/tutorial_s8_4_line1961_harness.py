# pinloop: --clock real --board pyboard
# Harness for the 8.4 coroutine `bad_code` (tutorial_s8_4_line1961.py, unchanged),
# run by flag_waiter.py: it waits for a flag a hard interrupt sets while
# another task counts its turns; the harness prints whether that task got
# a turn meanwhile.
import flag_waiter

flag_waiter.run("tutorial_s8_4_line1961.py", "bad_code")
