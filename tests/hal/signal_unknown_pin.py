# pinloop: --board pyboard --signal USR1=NOPE:press
# A --signal naming a pin the board lacks is refused at start, not when the signal comes.
print("never runs")
