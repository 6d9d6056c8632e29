# pinloop: no_such_script.py
print("never runs")
