LOCAL = "from shadow/ujson.py"
