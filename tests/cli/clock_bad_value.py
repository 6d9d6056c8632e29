# pinloop: --clock sundial
print("not run")
