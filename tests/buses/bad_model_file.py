# pinloop: --i2c 1:0x50=models/bad.py:Bad
# A model file that does not compile stops the run before the firmware
# starts, with the file and line.
print("not reached")
