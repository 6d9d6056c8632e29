raise OSError
