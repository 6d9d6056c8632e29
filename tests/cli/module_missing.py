# pinloop: -m no_such_module
