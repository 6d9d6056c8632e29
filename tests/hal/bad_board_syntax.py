# pinloop: --board bad_board_syntax.toml
# A board file that is not valid TOML: the file and line of the error.
print("not reached")
