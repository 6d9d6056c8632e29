print("never runs: the whole file is compiled first")
if True:
    print("unclosed"
x = 1
