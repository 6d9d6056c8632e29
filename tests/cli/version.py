# pinloop: --version
