# pinloop: --run-for soon
print("not run")
