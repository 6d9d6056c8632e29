# pinloop: --i2c 1:0x50=models/echo.py:Missing
# A model class the file does not have: the run stops, naming both.
print("not reached")
