# Helper for error_in_import.py: fails while it is imported.
def configure(pin):
    raise ValueError("no pin named %r" % pin)


configure("X99")
