# Helper for shadowing.py: the script's folder comes before CPython's library.
SHADOWED = True
