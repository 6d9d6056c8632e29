# pinloop: --board bad_board.toml
# A malformed board file stops pinloop before the script runs, naming the
# file, the line and the valid pins.
print("not reached")
