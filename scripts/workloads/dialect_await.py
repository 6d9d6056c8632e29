"""The dialect-overhead microbenchmark: the common `await <coroutine>` path,
compiled with and without pinloop's MicroPython dialect, timed alternately
in one process. Under CPython (no `_pinloop`) only the plain build runs, as
the side-by-side reference. Prints one JSON line.

usage: pinloop|python3 dialect_await.py ITERATIONS ROUNDS
"""

import json
import sys
import time

SOURCE = """
async def leaf(x):
    return x


async def work(n):
    total = 0
    for i in range(n):
        total += await leaf(i)
    return total
"""


def build(compiler):
    namespace = {}
    exec(compiler(SOURCE), namespace)
    return namespace


def drive(coro):
    try:
        coro.send(None)
    except StopIteration as stop:
        return stop.value
    raise RuntimeError("the workload should not suspend")


def time_once(namespace, iterations):
    started = time.perf_counter()
    result = drive(namespace["work"](iterations))
    elapsed = time.perf_counter() - started
    assert result == iterations * (iterations - 1) // 2
    return elapsed


def code_of(namespace, name):
    return namespace[name].__code__


def main():
    iterations, rounds = int(sys.argv[1]), int(sys.argv[2])
    try:
        import _pinloop
    except ImportError:
        _pinloop = None
    builds = {"plain": build(lambda s: compile(s, "<bench>", "exec"))}
    if _pinloop is not None:
        builds["plain"] = build(lambda s: _pinloop.compile(s, "<bench>", False))
        builds["dialect"] = build(lambda s: _pinloop.compile(s, "<bench>", True))
    samples = {name: [] for name in builds}
    for name, namespace in builds.items():  # warm up
        time_once(namespace, iterations // 10)
    for _ in range(rounds):
        for name, namespace in builds.items():
            samples[name].append(time_once(namespace, iterations))
    report = {"samples_s": samples}
    if "dialect" in builds:
        report["identical_bytecode"] = all(
            code_of(builds["plain"], f).co_code == code_of(builds["dialect"], f).co_code
            for f in ("leaf", "work")
        )
    print(json.dumps(report))


main()
