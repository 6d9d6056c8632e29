"""Our stand-in for the tutorial's `as_drivers` package (section 6.6):
only the HTU21D driver and its test, written from the tutorial's
description."""
