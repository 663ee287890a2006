"""Open-loop HTTP load: requests leave on a fixed schedule and latency counts from that schedule."""

from __future__ import annotations

import http.client
import math
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

Make = Callable[[int], tuple[bytes, dict[str, str]]]

_LEAD = 0.05  # head start so every worker is already waiting when request 0 is due
_SPIN = 0.0002  # time.sleep can overshoot; the last stretch is polled instead
_MAX_SAMPLES = 10
# A keep-alive connection the server closed while idle fails like this before the request
# reached it, so one retry on a new connection is safe and is not an error of the server.
_STALE = (ConnectionResetError, BrokenPipeError, ConnectionAbortedError)

# Per-request outcome codes, kept in a bytearray so workers record without locks.
_UNSENT, _OK, _FAILED, _DROPPED, _IN_FLIGHT = range(5)


def percentile(values: Sequence[float], p: float) -> float | None:
    """Nearest-rank percentile (p in 0..100) of unsorted values; None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    return _nearest_rank(ordered, p)


def _nearest_rank(ordered: Sequence[float], p: float) -> float | None:
    if not ordered:
        return None
    rank = math.ceil(p / 100 * len(ordered))
    return ordered[min(max(rank, 1), len(ordered)) - 1]


@dataclass
class LoadResult:
    """One open-loop run: counts, and latency of each successful request in request order."""

    rate: float
    duration: float
    scheduled: int = 0
    sent: int = 0
    completed: int = 0
    errors: int = 0
    dropped: int = 0
    elapsed: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    send_lags_ms: list[float] = field(default_factory=list)
    error_samples: list[str] = field(default_factory=list)

    @cached_property
    def _ordered(self) -> list[float]:
        return sorted(self.latencies_ms)

    @property
    def p50(self) -> float | None:
        """Median latency in ms."""
        return _nearest_rank(self._ordered, 50)

    @property
    def p95(self) -> float | None:
        """95th percentile latency in ms."""
        return _nearest_rank(self._ordered, 95)

    @property
    def p99(self) -> float | None:
        """99th percentile latency in ms."""
        return _nearest_rank(self._ordered, 99)

    @property
    def max(self) -> float | None:
        """Worst latency in ms."""
        return self._ordered[-1] if self._ordered else None

    @property
    def send_lag_p99(self) -> float | None:
        """99th percentile of how late requests left; high means the generator fell behind."""
        return percentile(self.send_lags_ms, 99)

    @property
    def achieved_rate(self) -> float:
        """Successful requests per second, over the run or until the last one finished."""
        return self.completed / max(self.duration, self.elapsed) if self.completed else 0.0

    def meets(self, p99_limit_ms: float) -> bool:
        """Whether the run counts as sustained: p99 under the limit, no errors, ≥ 99% completed."""
        return (
            self.p99 is not None
            and self.p99 < p99_limit_ms
            and self.errors == 0
            and self.dropped == 0
            and self.completed >= 0.99 * self.sent
        )

    def as_dict(self, *, latencies: bool = False) -> dict[str, Any]:
        """A JSON-ready summary; the raw latencies only when asked, as they can be long."""
        summary: dict[str, Any] = {
            "rate": self.rate,
            "duration_s": self.duration,
            "scheduled": self.scheduled,
            "sent": self.sent,
            "completed": self.completed,
            "errors": self.errors,
            "dropped": self.dropped,
            "elapsed_s": round(self.elapsed, 3),
            "achieved_rate": round(self.achieved_rate, 2),
            "p50_ms": _round(self.p50),
            "p95_ms": _round(self.p95),
            "p99_ms": _round(self.p99),
            "max_ms": _round(self.max),
            "send_lag_p99_ms": _round(self.send_lag_p99),
            "error_samples": list(self.error_samples),
        }
        if latencies:
            summary["latencies_ms"] = [round(v, 3) for v in self.latencies_ms]
        return summary


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _sleep_until(moment: float) -> None:
    remaining = moment - time.perf_counter()
    if remaining > _SPIN:
        time.sleep(remaining - _SPIN)
    while time.perf_counter() < moment:
        time.sleep(0)  # releases the GIL, so workers are not starved while this polls


def _exchange(
    conn: http.client.HTTPConnection, path: str, body: bytes, headers: dict[str, str]
) -> int:
    conn.request("POST", path, body, headers)
    response = conn.getresponse()
    response.read()
    return response.status


def open_loop(
    url: str,
    make: Make,
    *,
    rate: float,
    duration: float,
    workers: int = 64,
    timeout: float = 10.0,
) -> LoadResult:
    """POST make(i) to `url` at `rate` per second for `duration` s, whatever the server does."""
    # Request i is due at start + i / rate and its latency runs from then to the end of its
    # response, so a server (or generator) that falls behind shows up as growing latency.
    if rate <= 0 or duration <= 0 or workers < 1:
        raise ValueError("rate, duration and workers must be positive")
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")

    count = max(1, math.floor(rate * duration + 1e-9))
    interval = 1.0 / rate
    # Preallocated and indexed by request, so workers write without locks or allocation.
    latency = [math.nan] * count
    lag = [math.nan] * count
    outcome = bytearray(count)
    samples: list[str] = []
    work: queue.SimpleQueue[tuple[int, float] | None] = queue.SimpleQueue()
    threads = min(workers, count)
    start = time.perf_counter() + _LEAD
    # Past this, requests still queued are dropped rather than sent, so a run always ends.
    deadline = start + count * interval + timeout

    def note(i: int, problem: str) -> None:
        if len(samples) < _MAX_SAMPLES:
            samples.append(f"#{i}: {problem}")

    def worker() -> None:
        conn: http.client.HTTPConnection | None = None
        used = False
        while (item := work.get()) is not None:
            i, intended = item
            if time.perf_counter() > deadline:
                outcome[i] = _DROPPED
                continue
            outcome[i] = _IN_FLIGHT
            try:
                body, headers = make(i)  # here, so each signature carries a fresh timestamp
                lag[i] = time.perf_counter() - intended
                status = 0
                for attempt in (0, 1):
                    if conn is None:
                        conn, used = http.client.HTTPConnection(host, port, timeout=timeout), False
                    try:
                        status = _exchange(conn, path, body, headers)
                        break
                    except _STALE:
                        conn.close()
                        conn = None
                        if not used or attempt:
                            raise
                done = time.perf_counter()
                used = True
            except Exception as err:
                outcome[i] = _FAILED
                note(i, f"{type(err).__name__}: {err}")
                if conn is not None:
                    conn.close()
                    conn = None
                continue
            if status >= 400:
                outcome[i] = _FAILED
                note(i, f"HTTP {status}")
            else:
                latency[i] = done - intended
                outcome[i] = _OK
        if conn is not None:
            conn.close()

    def scheduler() -> None:
        for i in range(count):
            intended = start + i * interval
            _sleep_until(intended)
            work.put((i, intended))
        for _ in range(threads):
            work.put(None)

    pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for thread in pool:
        thread.start()
    clock = threading.Thread(target=scheduler, daemon=True)
    clock.start()
    clock.join()
    for thread in pool:
        # A request begun just before the deadline may still take `timeout` per socket step.
        thread.join(max(0.0, deadline + 2 * timeout - time.perf_counter()))

    # Completion times show how far past the schedule the server needed to finish.
    finished = [start + i * interval + latency[i] for i in range(count) if outcome[i] == _OK]
    tally = [outcome.count(code) for code in range(5)]
    return LoadResult(
        rate=rate,
        duration=duration,
        scheduled=count,
        sent=tally[_OK] + tally[_FAILED] + tally[_IN_FLIGHT],
        completed=tally[_OK],
        errors=tally[_FAILED] + tally[_IN_FLIGHT],
        dropped=tally[_DROPPED] + tally[_UNSENT],
        elapsed=(max(finished) - start) if finished else 0.0,
        latencies_ms=[v * 1000 for v in latency if not math.isnan(v)],
        send_lags_ms=[v * 1000 for v in lag if not math.isnan(v)],
        error_samples=samples,
    )


def sustained(
    url: str,
    make: Make,
    rates: Sequence[float],
    *,
    duration: float = 20.0,
    p99_limit_ms: float = 1000.0,
    workers: int = 64,
    timeout: float = 10.0,
    pause: float = 1.0,
) -> tuple[float, list[LoadResult]]:
    """The highest of `rates` (tried ascending, stopping at the first miss) the server sustains."""
    best = 0.0
    results: list[LoadResult] = []
    for rate in sorted(rates):
        result = open_loop(
            url, make, rate=rate, duration=duration, workers=workers, timeout=timeout
        )
        results.append(result)
        if not result.meets(p99_limit_ms):
            break
        best = rate
        # Lets the server finish stray work so the next step starts from idle.
        time.sleep(pause)
    return best, results
