"""Acked means durable: work a request is acked for is written to the inbox first, then run
on the work lane. If the process stops before it runs, another process (or this one's
next start) does it; a graceful stop finishes what it can within its grace period and gives
the rest back. The in-memory queue is bounded: when it is full the server answers 503 with
Retry-After, and Slack sends the request again."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bot import inbox
from bot.clock import stretch_of

if TYPE_CHECKING:
    from bot.slack.app import Slackside

log = logging.getLogger(__name__)

Json = dict[str, Any]
Job = Callable[["Slackside", Json], None]
MAX_BACKLOG = 2000  # requests acked and waiting in memory; beyond it: 503, Retry-After
# Done work is remembered this long, so a request Slack sends again, or a replay within
# the signature's five minutes, is known.
KEEP_DONE = dt.timedelta(minutes=10)
FLUSH_SECONDS = 0.2


class Jobs:
    """One per process. `submit` is called by a listener before it returns its ack."""

    def __init__(
        self,
        side: Slackside,
        registry: dict[str, Job],
        *,
        limit: int = MAX_BACKLOG,
        sweep_seconds: float = 2.0,
    ) -> None:
        self.side = side
        self.registry = registry
        self.limit = limit
        self.sweep_seconds = sweep_seconds
        self.owner = f"inbox-{uuid.uuid4().hex[:12]}"
        self._lock = threading.Lock()
        self._waiting: set[int] = set()  # queued here, not started
        self._done: list[int] = []  # finished, not yet marked done in the inbox
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def db(self) -> Any:
        return self.side.ctx.db

    def _lease(self) -> dt.timedelta:
        """The inbox lease in the clock's time (stretched when the clock runs faster)."""
        return inbox.LEASE * stretch_of(self.side.ctx.clock)

    def full(self) -> bool:
        """True when the work waiting in memory reached the bound: refuse new requests."""
        return self.side.pool.backlog() >= self.limit

    def submit(self, job: str, args: Json, *, key: str | None = None) -> bool:
        """Keep the work in the inbox, then queue it; False when a request with this `key`
        was kept before (sent again, or replayed), and nothing is done. Raises if the work
        cannot be kept (the request is then not acked, and Slack sends it again)."""
        if job not in self.registry:
            raise KeyError(f"no job {job!r}")
        item_id = inbox.put(
            self.db,
            job=job,
            args=args,
            owner=self.owner,
            now=self.side.now(),
            key=key,
            lease=self._lease(),
        )
        if item_id is None:
            log.info("dropped a request already received (%s)", job)
            return False
        self._queue(inbox.Item(item_id, job, args))
        return True

    def _queue(self, item: inbox.Item) -> None:
        with self._lock:
            self._waiting.add(item.id)
        self.side.pool.later(lambda: self._run(item))

    def _run(self, item: inbox.Item) -> None:
        with self._lock:
            if self._stopping.is_set():
                return  # given back in stop(); another process does it
            self._waiting.discard(item.id)
        try:
            self.registry[item.job](self.side, item.args)
        except Exception as err:
            inbox.failed(
                self.db, item.id, error=repr(err), now=self.side.now(), lease=self._lease()
            )
            raise  # the pool logs it
        with self._lock:  # marked done in batches (see _flush): acks share the inbox's file
            self._done.append(item.id)

    # -- the sweep: renew leases, take over what other processes left --------------------------

    def start(self) -> Jobs:
        self._thread = threading.Thread(
            target=self._sweep_loop, name="crisisbot-inbox", daemon=True
        )
        self._thread.start()
        return self

    def _sweep_loop(self) -> None:
        renewed = purged = time.monotonic()
        while not self._stopping.is_set():
            try:
                if time.monotonic() - renewed >= inbox.LEASE.total_seconds() / 3:
                    inbox.renew(self.db, owner=self.owner, now=self.side.now(), lease=self._lease())
                    renewed = time.monotonic()
                if time.monotonic() - purged >= 60:
                    inbox.purge(self.db, before=self.side.now() - KEEP_DONE)
                    purged = time.monotonic()
                self.sweep()
            except Exception:  # the next round tries again
                log.exception("inbox: sweep failed")
            for _ in range(max(1, int(self.sweep_seconds / FLUSH_SECONDS))):
                self.flush()
                if self._stopping.wait(FLUSH_SECONDS):
                    break

    def flush(self) -> None:
        """Mark finished work done, all at once. If the process dies before, that work is
        done again by whoever takes it over: every job is safe to repeat (captures know
        their event ids, ticks and starts refuse or ignore a repeat)."""
        with self._lock:
            done, self._done = self._done, []
        try:
            inbox.finish(self.db, done, now=self.side.now())
        except Exception:
            with self._lock:
                self._done[:0] = done
            log.exception("inbox: could not mark work done; trying again")

    def sweep(self) -> int:
        """Queue work nobody holds (left by a stopped or crashed process); how much."""
        room = self.limit - self.side.pool.backlog()
        if room <= 0:
            return 0
        items = inbox.take(
            self.db,
            owner=self.owner,
            now=self.side.now(),
            limit=min(room, 200),
            lease=self._lease(),
        )
        for item in items:
            self._queue(item)
        if items:
            log.info("inbox: took over %d acked request(s) left unfinished", len(items))
        return len(items)

    def stop(self, grace: float) -> None:
        """Finish what can be finished within `grace` seconds, then give the rest back."""
        finished = self.side.pool.wait_idle(grace)
        with self._lock:
            self._stopping.set()
            left = sorted(self._waiting)
            self._waiting.clear()
        if left:
            inbox.release(self.db, left, owner=self.owner)
            log.info("gave back %d acked request(s) for the next process to finish", len(left))
        elif not finished:
            log.info("stopping with work still running")
        if self._thread is not None:
            self._thread.join(5)
        self.flush()
