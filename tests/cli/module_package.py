# pinloop: -m main_pkg
