# An uncaught KeyboardInterrupt: traceback, then status 130 as on MicroPython's unix port.
def wait_for_button():
    raise KeyboardInterrupt

wait_for_button()
