# Helper package for package.py.
from .calibration import OFFSET
print("sensors imported as", __name__)
