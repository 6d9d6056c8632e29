# pinloop: --control ""
# An empty path (an unset shell variable) is a usage error, not a socket
# in the current folder.
print("not run")
