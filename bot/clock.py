"""Time from one injectable place, so tests control it."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

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


class ExerciseClock:
    """A tabletop exercise's time, moved by its facilitator: the wall clock plus how far
    ahead the file at `path` says (CRISISBOT_TIME_FILE), read by every process, so
    `crisisbot clock advance 2h` moves serve and its workers ahead together. Time still
    runs between moves (Slack's budgets refill as they do in Slack) and never runs
    backwards: a file that cannot be read (mid-write, removed) leaves the last move."""

    # A lease measured on this clock must outlast a move of up to a day.
    stretch = 24 * 60.0

    def __init__(self, path: str | os.PathLike[str], *, wall: Clock = utc_now) -> None:
        self.path = Path(path)
        self._wall = wall
        self._seen: tuple[int, int, int] | None = None
        self._ahead = dt.timedelta(0)

    def ahead(self) -> dt.timedelta:
        """How far ahead of the wall clock the exercise runs."""
        try:
            stat = os.stat(self.path)
        except OSError:
            return self._ahead
        seen = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        if seen != self._seen:
            try:
                seconds = float(self.path.read_text(encoding="utf-8").strip() or 0)
            except (OSError, ValueError):
                return self._ahead
            self._seen = seen
            self._ahead = max(self._ahead, dt.timedelta(seconds=seconds))
        return self._ahead

    def __call__(self) -> dt.datetime:
        now = self._wall() + self.ahead()
        return now.replace(microsecond=now.microsecond // 1000 * 1000)


def move_exercise_clock(
    path: str | os.PathLike[str],
    *,
    to: dt.datetime | None = None,
    by: dt.timedelta | None = None,
    wall: Clock = utc_now,
) -> dt.datetime:
    """Move an exercise's time `to` a moment or on `by` a span; returns the new time. The
    file is replaced whole, so no process reads half of it. Time only moves forward."""
    clock = ExerciseClock(path, wall=wall)
    now = clock()
    target = to if to is not None else now + (by or dt.timedelta(0))
    if target.tzinfo is None:
        raise ValueError("give the moment with its time zone, like 2026-12-05T02:00:00Z")
    if target < now:
        raise ValueError(
            f"an exercise's time only moves forward: it is already {now:%Y-%m-%d %H:%M:%S} UTC"
        )
    ahead = (target - wall()).total_seconds()
    file = Path(path)
    spare = file.with_name(f".{file.name}.{os.getpid()}")
    spare.write_text(f"{ahead:.3f}\n", encoding="utf-8")
    os.replace(spare, file)
    return ExerciseClock(path, wall=wall)()


def stretch_of(clock: Clock) -> float:
    """How many times longer a lease measured on `clock` must be than on the wall clock:
    its speed for sped-up time, a day's worth for an exercise's moves, 1 otherwise."""
    stretch = getattr(clock, "stretch", None) or getattr(clock, "speed", 1.0)
    return float(stretch) if isinstance(stretch, (int, float)) and stretch >= 1 else 1.0


def parse_moment(value: str, tz: ZoneInfo) -> dt.datetime:
    """ISO 8601 as people type it, in UTC; without an offset it is read in `tz` (the
    organisation's zone). ValueError says what was wrong, in words."""
    try:
        parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(
            f"{value[:40]!r} is not a time like 2026-11-20T09:30 or 2026-11-20T15:30Z"
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    try:
        return parsed.astimezone(dt.UTC)
    except (ValueError, OverflowError):
        raise ValueError(f"{value[:40]!r} is out of range") from None
