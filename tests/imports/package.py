# Packages, relative imports and submodules from the script's folder.
import sensors.thermo
from sensors.thermo import read
import sensors

print(read(20), sensors.OFFSET)
print(sensors.__file__, sensors.thermo.__file__)
print(sensors.__path__)
