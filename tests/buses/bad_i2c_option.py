# pinloop: --board rp2 --i2c 2:0x40=htu21d
# An --i2c on a bus the board lacks is a usage error that lists its buses.
print("not reached")
