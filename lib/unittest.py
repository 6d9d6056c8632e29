"""`unittest`: CPython's package (RustPython's frozen copy, loaded from
here, its submodules importable as usual), with the summary MicroPython's
unittest prints: `Ran N tests` without a time, a blank line, then `OK`,
`OK (skipped=N)` or `FAILED (failures=N, errors=N)`. MicroPython's test
runner recognises a unittest-based test by that summary."""

import _frozen_importlib as _bootstrap
import sys as _sys


def _load_cpython_unittest():
    spec = _bootstrap.FrozenImporter.find_spec("unittest")
    module = _bootstrap.module_from_spec(spec)
    # The import system hands out what sys.modules holds once this module
    # has run: the package itself, so `unittest.mock` and friends resolve.
    _sys.modules["unittest"] = module
    spec.loader.exec_module(module)
    return module


_unittest = _load_cpython_unittest()
_runner = _sys.modules["unittest.runner"]


class TextTestRunner(_runner.TextTestRunner):
    def run(self, test):
        result = self._makeResult()
        result.failfast = self.failfast
        result.buffer = self.buffer
        result.tb_locals = self.tb_locals
        test(result)
        result.printErrors()
        stream = self.stream
        stream.writeln(result.separator2)
        stream.writeln("Ran %d tests" % result.testsRun)
        stream.writeln()
        if result.wasSuccessful():
            skipped = len(result.skipped)
            stream.writeln("OK (skipped=%d)" % skipped if skipped else "OK")
        else:
            stream.writeln(
                "FAILED (failures=%d, errors=%d)" % (len(result.failures), len(result.errors))
            )
        stream.flush()
        return result


_unittest.TextTestRunner = TextTestRunner
_runner.TextTestRunner = TextTestRunner
_sys.modules["unittest.main"].TextTestRunner = TextTestRunner
