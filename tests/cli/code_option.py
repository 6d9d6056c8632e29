# pinloop: -c "import sys; print(sys.argv); print(__name__)"
raise AssertionError("-c runs CODE, not this file")
