"""Keeping under Slack's rate limits rather than running into them: Tier 3 methods
(chat.update among them) share a budget of about 50 calls a minute per workspace,
chat.postMessage goes about once a second per channel, and one message is updated at most
every couple of seconds, so a burst of ticks becomes one update instead of twenty.

Kept per process: several processes each keep to it, and Slack's 429 with Retry-After
(shared through the database, see the deliverer) covers what they add up to."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

TIER_3 = {
    "chat.update", "chat.delete", "conversations.history", "conversations.replies",
    "conversations.info", "conversations.members",
}  # fmt: skip


class Pacer:
    def __init__(
        self,
        *,
        per_minute: float = 50,
        burst: float = 10,
        post_interval: float = 1.0,
        update_interval: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate = per_minute / 60
        self.burst = burst
        self.post_interval = post_interval
        self.update_interval = update_interval
        self.clock = clock
        self._tokens = burst
        self._filled = clock()
        self._posted: dict[str, float] = {}  # channel -> last chat.postMessage
        self._updated: dict[str, float] = {}  # message ts -> last chat.update
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
            if method in TIER_3:
                self._tokens = min(self.burst, self._tokens + (now - self._filled) * self.rate)
                self._filled = now
                if self._tokens < 1:
                    waits.append((1 - self._tokens) / self.rate)
            wait = max(waits)
            if wait > 0:
                return wait
            if method in TIER_3:
                self._tokens -= 1
            if method == "chat.postMessage" and channel:
                self._posted[channel] = now
            if method == "chat.update" and ts:
                self._updated[ts] = now
                if len(self._updated) > 10_000:  # forget the oldest messages
                    for key in sorted(self._updated, key=self._updated.__getitem__)[:5_000]:
                        del self._updated[key]
            return 0.0
