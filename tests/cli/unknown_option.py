# pinloop: --frobnicate
print("never runs")
