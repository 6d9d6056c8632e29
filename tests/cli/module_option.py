# pinloop: -m run_as_main
raise AssertionError("-m runs the module, not this file")
