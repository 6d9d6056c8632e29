"""Our stand-in for the tutorial's `as_demos` package (section 1.1.2):
only the demo the tutorial shows being run, aledflash, written from its
one-line description."""
