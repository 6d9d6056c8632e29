# pinloop: --board pyboard2
# An unknown board name lists the shipped boards.
print("not reached")
