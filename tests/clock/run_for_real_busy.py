# pinloop: --run-for 0.2
# On the real clock --run-for also stops code that never sleeps.
print("spinning")
while True:
    pass
