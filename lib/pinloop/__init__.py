# pinloop's own Python API: what a script can learn about (and, as the
# runtime grows, steer in) the runtime it runs on. Frozen from lib/.
from _pinloop import VERSION as version, frozen_modules

version_info = tuple(int(part) for part in version.split("."))
