for x in range(1000000):
    # do something time consuming
