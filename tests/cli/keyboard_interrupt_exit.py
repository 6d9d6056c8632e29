# An uncaught KeyboardInterrupt is an uncaught exception: traceback, status 1.
def wait_for_button():
    raise KeyboardInterrupt

wait_for_button()
