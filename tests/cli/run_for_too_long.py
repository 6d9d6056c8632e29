# pinloop: --run-for 1e30
print("not run")
