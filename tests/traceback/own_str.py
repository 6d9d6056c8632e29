class PinError(Exception):
    def __str__(self):
        return "pin %s is not an output" % self.args[0]


raise PinError("X1")
