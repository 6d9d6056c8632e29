# A file with a u-name in the script's folder shadows the alias.
import ujson
print(ujson.__name__, ujson.LOCAL)
import json
print(ujson is json)
