"""Time from one injectable place, so tests control it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    """Now in UTC, truncated to milliseconds (the log's precision)."""
    now = dt.datetime.now(dt.UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


class FixedClock:
    """A clock for tests and drills: starts at `start`, moves only when told."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> dt.datetime:
        self.now += dt.timedelta(**delta)
        return self.now


class ScaledClock:
    """Time that runs `speed` times faster than the wall clock from the moment the speed
    was set (the sandbox's ×60, to watch reminders arrive within a minute). It never runs
    backwards: a new speed continues from the time it has reached."""

    def __init__(self, speed: float = 1.0, *, wall: Clock = utc_now) -> None:
        import threading
        import time

        self._wall, self._monotonic = wall, time.monotonic
        self._lock = threading.Lock()
        self._anchor, self._since, self.speed = wall(), time.monotonic(), 1.0
        self.set_speed(speed)

    def __call__(self) -> dt.datetime:
        with self._lock:
            passed = (self._monotonic() - self._since) * self.speed
            now = self._anchor + dt.timedelta(seconds=passed)
        return now.replace(microsecond=now.microsecond // 1000 * 1000)

    def set_speed(self, speed: float) -> None:
        if not 1 <= speed <= 3600:
            raise ValueError("the speed is from 1 (real time) to 3600 (an hour a second)")
        now = self()
        with self._lock:
            self._anchor, self._since, self.speed = now, self._monotonic(), float(speed)


def rehearsal(start: dt.datetime, speed: float) -> Clock:
    """Time that runs `speed` times faster than the wall clock since `start`, the same in
    every process given the same two values (CRISISBOT_TIME_FROM, CRISISBOT_TIME_SPEED):
    a rehearsal of a whole day's reminders in minutes, across serve and its workers."""

    def now() -> dt.datetime:
        at = start + (utc_now() - start) * speed
        return at.replace(microsecond=at.microsecond // 1000 * 1000)

    now.speed = speed  # type: ignore[attr-defined]
    return now


def speed_of(clock: Clock) -> float:
    """How many times faster than the wall clock `clock` runs (1 for the wall clock and a
    test's fixed clock): leases measured on it are stretched by as much."""
    speed = getattr(clock, "speed", 1.0)
    return float(speed) if isinstance(speed, (int, float)) and speed >= 1 else 1.0
