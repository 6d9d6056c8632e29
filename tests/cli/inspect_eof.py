# pinloop: -i
print("ran")
