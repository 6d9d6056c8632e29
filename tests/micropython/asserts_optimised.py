assert False, "this assert is compiled out"
print("no assert at opt_level 1")
