"""CircuitPython's keypad on pinloop's simulated board: Keys reports each
key's presses and releases as Events in an EventQueue. The simulated pins
do not bounce, so each edge is one event, taken from a hard interrupt."""

import machine as _machine
import time as _time
from microcontroller import _pin_name


class Event:
    """A key was pressed or released."""

    def __init__(self, key_number=0, pressed=True, timestamp=None):
        self.key_number = key_number
        self.pressed = bool(pressed)
        self.timestamp = _time.ticks_ms() if timestamp is None else timestamp

    @property
    def released(self):
        return not self.pressed

    def __eq__(self, other):
        return (
            isinstance(other, Event)
            and other.key_number == self.key_number
            and other.pressed == self.pressed
        )

    def __hash__(self):
        return hash((self.key_number, self.pressed))

    def __repr__(self):
        return "<Event: key_number {} {}>".format(
            self.key_number, "pressed" if self.pressed else "released"
        )


class EventQueue:
    """The events of a scanner, oldest first, up to max_events."""

    def __init__(self, max_events=64):
        self._events = []
        self._max = max_events
        self.overflowed = False

    def _add(self, event):
        if len(self._events) >= self._max:
            self.overflowed = True
            return
        self._events.append(event)

    def get(self):
        """The next event, or None."""
        return self._events.pop(0) if self._events else None

    def get_into(self, event):
        """Copies the next event into `event`; False if there was none."""
        if not self._events:
            return False
        got = self._events.pop(0)
        event.key_number, event.pressed, event.timestamp = got.key_number, got.pressed, got.timestamp
        return True

    def clear(self):
        self._events.clear()
        self.overflowed = False

    def __len__(self):
        return len(self._events)

    def __bool__(self):
        return bool(self._events)


class Keys:
    """One key per pin. `value_when_pressed` is the level a pressed key
    shows; `pull=True` pulls the pins the other way."""

    def __init__(self, pins, *, value_when_pressed, pull=True, interval=0.020,
                 max_events=64, debounce_threshold=1):
        self._pressed_level = bool(value_when_pressed)
        if pull:
            resistor = _machine.Pin.PULL_DOWN if self._pressed_level else _machine.Pin.PULL_UP
        else:
            resistor = None
        self._pins = [_machine.Pin(_pin_name(pin), _machine.Pin.IN, resistor) for pin in pins]
        self.key_count = len(self._pins)
        self.events = EventQueue(max_events)
        self._state = [False] * self.key_count
        both = _machine.Pin.IRQ_RISING | _machine.Pin.IRQ_FALLING
        for number, pin in enumerate(self._pins):
            pin.irq(self._edge_handler(number), both, hard=True)
        self.reset()

    def _edge_handler(self, number):
        def edge(pin):
            pressed = bool(pin.value()) == self._pressed_level
            if pressed != self._state[number]:
                self._state[number] = pressed
                self.events._add(Event(number, pressed))

        return edge

    def reset(self):
        """Takes every key as released; keys held down now report a press."""
        self._state = [False] * self.key_count
        for number, pin in enumerate(self._pins):
            if bool(pin.value()) == self._pressed_level:
                self._state[number] = True
                self.events._add(Event(number, True))

    def deinit(self):
        for pin in self._pins:
            pin.irq(None)
        self._pins = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.deinit()
