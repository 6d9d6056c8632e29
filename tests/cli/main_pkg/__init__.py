# Helper package for module_package.py.
print("package init:", __name__)
