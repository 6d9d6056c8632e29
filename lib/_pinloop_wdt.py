# machine.WDT on the simulated board: once started it cannot be stopped;
# feed() within `timeout` ms of board time, or the board resets as a
# board's watchdog resets it (reset_cause() is WDT_RESET in the next life
# of a project or a device; a script's run ends with exit status 3). The
# deadline is a one-shot board timer, so it fires on either clock, in the
# middle of whatever the firmware is doing.

import machine

_MIN_TIMEOUT_MS = 1
_MAX_TIMEOUT_MS = 0x7FFFFFFF

_running = None  # the one watchdog


class WDT:
    def __init__(self, id=0, timeout=5000):
        global _running
        if id != 0:
            raise ValueError("WDT({}) doesn't exist: the watchdog is WDT(0)".format(id))
        timeout = int(timeout)
        if not _MIN_TIMEOUT_MS <= timeout <= _MAX_TIMEOUT_MS:
            raise ValueError("timeout must be at least 1 ms")
        if _running is None:
            _running = self
            self._timer = machine.Timer(-1)
        else:
            # Started again: the same watchdog, with the new timeout.
            self._timer = _running._timer
        self._timeout = timeout
        self.feed()

    def feed(self):
        self._timer.init(mode=machine.Timer.ONE_SHOT, period=self._timeout, callback=_expired)


def _expired(_timer):
    machine._watchdog_reset()
