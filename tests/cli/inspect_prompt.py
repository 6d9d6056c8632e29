# pinloop: -i
x = 20
print("script ran")
