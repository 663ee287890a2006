"""Keeping under Slack's rate limits rather than running into them: Tier 3 methods
(chat.update among them) share a budget of about 50 calls a minute per workspace,
chat.postMessage goes about once a second per channel, and one message is updated at most
every couple of seconds, so a burst of ticks becomes one update instead of twenty.

The Tier 3 budget is the workspace's, so every process draws on one kept in the database
(`budget`, see `bot.outbox.budget`); without one (a test's controlled clock) the pacer
keeps it itself. Slack's 429 with Retry-After, shared through the database too (see the
deliverer), covers anything else."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

TIER_3 = {
    "chat.update", "chat.delete", "conversations.history", "conversations.replies",
    "conversations.info", "conversations.members",
}  # fmt: skip

# (take, per second, burst) -> seconds to wait; a token is taken when it answers 0 and
# `take` is set.
Budget = Callable[[bool, float, float], float]


class Pacer:
    def __init__(
        self,
        *,
        per_minute: float = 50,
        burst: float = 10,
        post_interval: float = 1.0,
        update_interval: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
        budget: Budget | None = None,
    ) -> None:
        self.rate = per_minute / 60
        self.burst = burst
        self.post_interval = post_interval
        self.update_interval = update_interval
        self.clock = clock
        self.budget = budget
        self._tokens = burst
        self._filled = clock()
        self._posted: dict[str, float] = {}  # channel -> last chat.postMessage
        self._updated: dict[str, float] = {}  # message ts -> last chat.update
        self._promised = -1e9  # the last turn handed out to work given back (Tier 3)
        self._lock = threading.Lock()

    def wait(self, method: str, *, channel: str | None = None, ts: str | None = None) -> float:
        """Seconds before this call may go; 0 means go now (and it is counted as made)."""
        with self._lock:
            now = self.clock()
            waits = [0.0]
            if method == "chat.postMessage" and channel:
                waits.append(self._posted.get(channel, -1e9) + self.post_interval - now)
            if method == "chat.update" and ts:
                waits.append(self._updated.get(ts, -1e9) + self.update_interval - now)
            wait = max(waits)
            if wait <= 0 and method in TIER_3:
                wait = self._tier_3(now, take=True)
            if wait > 0:
                return wait
            if method == "chat.postMessage" and channel:
                self._posted[channel] = now
            if method == "chat.update" and ts:
                self._updated[ts] = now
                if len(self._updated) > 10_000:  # forget the oldest messages
                    for key in sorted(self._updated, key=self._updated.__getitem__)[:5_000]:
                        del self._updated[key]
            return 0.0

    def peek(self, method: str) -> float:
        """Seconds before a call of `method` could go, counting nothing: a delivery asks
        before drawing what it would send."""
        if method not in TIER_3:
            return 0.0
        with self._lock:
            return self._tier_3(self.clock(), take=False)

    def turn(self, method: str, wait: float) -> float:
        """Seconds until a call given back after `wait` should be tried again. For Tier 3
        each caller gets its own turn, one budget's worth apart, so a queue of incidents
        waiting for the budget comes back one at a time, not all at every refill."""
        if method not in TIER_3:
            return wait
        with self._lock:
            now = self.clock()
            if self._tier_3(now, take=False) <= 0:  # the budget is not what it waits for
                return wait
            turn = max(now + wait, self._promised + 1 / self.rate)
            self._promised = turn
            return turn - now

    def _tier_3(self, now: float, *, take: bool) -> float:
        if self.budget is not None:
            return self.budget(take, self.rate, self.burst)
        self._tokens = min(self.burst, self._tokens + (now - self._filled) * self.rate)
        self._filled = now
        if self._tokens < 1:
            return (1 - self._tokens) / self.rate
        if take:
            self._tokens -= 1
        return 0.0
