raise ValueError("pin", 17)
