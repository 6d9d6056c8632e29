# Helper for syntax_error_in_import.py.
def f(:
    pass
