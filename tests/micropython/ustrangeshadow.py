print("a local module named like a u-name is imported from its file")
