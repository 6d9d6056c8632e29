# pinloop: --clock virtual --board pyboard --wire X1=X2
# Harness for a 7.4 __await__ method (tutorial_s7_4_line1746.py, unchanged),
# the corrected version: it yields first, so other tasks run. record_await.py runs it and counts
# the other task's turns while it waits.
import record_await

record_await.run("tutorial_s7_4_line1746.py")
