# `re` as firmware uses it (parsing lines from a UART or a config file), the
# same script under pinloop (MicroPython's engine) and CPython (sre): µs per
# call for each kind of use. usage: regex.py N
import json
import re
import sys
import time

n = int(sys.argv[1])
clock = time.perf_counter if hasattr(time, "perf_counter") else time.time
line = "temp=21.5;hum=40;id=sensor-17"


def timed(call):
    started = clock()
    for _ in range(n):
        call()
    return (clock() - started) / n * 1e6


pattern = re.compile(r"temp=(\d+)\.(\d);hum=(\d+)")
words = re.compile(r"[a-z]+")
text = ("lorem ipsum 12 dolor " * 50) + "needle42"
needle = re.compile(r"needle(\d+)")
results = {
    "match_us": timed(lambda: pattern.match(line).group(3)),
    "module_match_us": timed(lambda: re.match(r"id=(\w+)", "id=abc")),
    "search_1k_us": timed(lambda: needle.search(text).group(1)),
    "sub_us": timed(lambda: words.sub("w", "ab 12 cd 34 ef")),
    "split_us": timed(lambda: re.split(";", line)),
}
print(json.dumps(results))
