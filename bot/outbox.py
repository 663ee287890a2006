"""Outbox intents: what a use case asks Slack to show, written in its transaction
(`enqueue`), then claimed with a lease so any number of deliverers handle each once,
retried with back-off, parked when they keep failing. No Slack here."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import and_, case, func, or_, select, text, update
from sqlalchemy.orm import Session

from bot.store import Database
from bot.store.models import Incident, OutboxIntent, SlackBudget, SlackPause

# A deliverer renews its lease while it works (every LEASE / 3), so a crashed one holds
# its incident for at most this long.
LEASE = dt.timedelta(seconds=30)
MAX_ATTEMPTS = 8  # for errors that are not Slack's or the network's (a bug does not heal)
BACKOFF_CAP = dt.timedelta(seconds=30)  # after an outage, everything moves within this
RETRY_FOR = dt.timedelta(hours=6)  # transient failures are retried this long, then parked


class Failure(StrEnum):
    """How a delivery failed, which decides what happens to its intents."""

    TRANSIENT = "transient"  # 429, 5xx, timeouts: back off and retry within RETRY_FOR
    PERMANENT = "permanent"  # retrying cannot fix it: park now
    BUG = "bug"  # anything else: retried MAX_ATTEMPTS times, then parked
    WAIT = "wait"  # not tried (an earlier one failed, or a pause): again later, not counted


_CLAIM_LOCK = 0x4F5554  # PostgreSQL advisory lock serialising claims (they are short)


class Intent(StrEnum):
    """What the deliverer is asked to show; the value is what the outbox row stores."""

    INCIDENT_STARTED = "incident_started"  # post the root message and the checklist
    REFRESH = "refresh"  # update the checklist now (the header follows, coalesced)
    REFRESH_HEADER = "refresh_header"  # update the header (phase, roles, progress)
    ANNOUNCE = "announce"  # post a log entry in the thread; payload: seq
    STATEMENT = "statement"  # post or update a statement's card; payload: number
    REPORT = "report"  # post the report's summary and file; payload: requested_by
    REMIND = "remind"  # post a reminder in the thread; payload: ids (reminders rows), to
    ESCALATE = "escalate"  # call the escalation webhook; payload: id (a reminders row)


def enqueue(
    session: Session,
    *,
    incident_id: int,
    intent: Intent,
    payload: dict[str, Any],
    now: dt.datetime,
    header_delay: dt.timedelta,
    skip_locked: bool,
) -> None:
    """Write an intent in the caller's transaction; delivered after it commits.

    A refresh, a notice or a statement card (each follows a new log entry, so the header's
    log head moves) also queues one header refresh, `header_delay` later, unless one is
    already waiting: a burst of ticks updates the checklist each time and the header once."""
    if intent in (Intent.REFRESH, Intent.ANNOUNCE, Intent.STATEMENT):
        query = select(OutboxIntent.id).where(
            OutboxIntent.incident_id == incident_id,
            OutboxIntent.kind == Intent.REFRESH_HEADER.value,
            OutboxIntent.done_at.is_(None),
            OutboxIntent.parked.is_(False),
            OutboxIntent.lease_owner.is_(None),
        )
        if skip_locked:
            # A refresh a deliverer is claiming right now may render the state before
            # this commit: skip it (it is locked) and queue a new one.
            query = query.with_for_update(skip_locked=True)
        if session.scalar(query.limit(1)) is None:
            session.add(
                OutboxIntent(
                    incident_id=incident_id,
                    kind=Intent.REFRESH_HEADER.value,
                    payload={},
                    created_at=now,
                    available_at=now + header_delay,
                )
            )
    session.add(
        OutboxIntent(
            incident_id=incident_id,
            kind=intent.value,
            payload=payload,
            created_at=now,
            available_at=now,
        )
    )


@dataclass(frozen=True)
class Claimed:
    id: int
    incident_id: int | None
    kind: Intent
    payload: dict[str, Any]
    attempts: int


def claim(
    db: Database, *, owner: str, now: dt.datetime, limit: int = 100, lease: dt.timedelta = LEASE
) -> list[Claimed]:
    """Lease the due intents of one incident that no other deliverer is delivering.

    One incident at a time, so two deliverers never post the same header or notice;
    claims are serialised (SQLite's write lock, a PostgreSQL advisory lock) so the
    check and the lease are atomic."""
    with db.begin() as session:
        if not db.is_sqlite:
            session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _CLAIM_LOCK})
        busy = (
            select(OutboxIntent.incident_id)
            .where(
                OutboxIntent.lease_until > now,
                OutboxIntent.done_at.is_(None),
                OutboxIntent.incident_id.is_not(None),
            )
            .scalar_subquery()
        )
        due = (
            OutboxIntent.done_at.is_(None),
            OutboxIntent.parked.is_(False),
            OutboxIntent.available_at <= now,
            or_(OutboxIntent.lease_until.is_(None), OutboxIntent.lease_until < now),
        )
        first = session.execute(
            select(OutboxIntent.id, OutboxIntent.incident_id)
            .where(
                *due, or_(OutboxIntent.incident_id.is_(None), OutboxIntent.incident_id.not_in(busy))
            )
            .order_by(OutboxIntent.id)
            .limit(1)
        ).first()
        if first is None:
            return []
        same = (
            OutboxIntent.incident_id.is_(None)
            if first.incident_id is None
            else OutboxIntent.incident_id == first.incident_id
        )
        rows = session.execute(
            select(
                OutboxIntent.id,
                OutboxIntent.incident_id,
                OutboxIntent.kind,
                OutboxIntent.payload,
                OutboxIntent.attempts,
            )
            .where(*due, same)
            .order_by(OutboxIntent.id)
            .limit(limit)
        ).all()
        session.execute(
            update(OutboxIntent)
            .where(OutboxIntent.id.in_([r.id for r in rows]))
            .values(lease_owner=owner, lease_until=now + lease)
        )
        return [
            Claimed(r.id, r.incident_id, Intent(r.kind), dict(r.payload), r.attempts) for r in rows
        ]


def complete(db: Database, ids: Sequence[int], *, owner: str, now: dt.datetime) -> None:
    """Mark delivered the intents this owner still holds."""
    if not ids:
        return
    with db.begin() as session:
        session.execute(
            update(OutboxIntent)
            .where(OutboxIntent.id.in_(ids), OutboxIntent.lease_owner == owner)
            .values(
                done_at=now, lease_owner=None, lease_until=None, last_error=None, failing_since=None
            )
        )


def renew(
    db: Database, ids: Sequence[int], *, owner: str, now: dt.datetime, lease: dt.timedelta = LEASE
) -> None:
    """Extend this owner's lease on intents it is still delivering."""
    if not ids:
        return
    with db.begin() as session:
        session.execute(
            update(OutboxIntent)
            .where(OutboxIntent.id.in_(ids), OutboxIntent.lease_owner == owner)
            .values(lease_until=now + lease)
        )


def retry_later(
    db: Database,
    ids: Sequence[int],
    *,
    owner: str,
    now: dt.datetime,
    error: str,
    failure: Failure,
    delay: dt.timedelta | None = None,
    retry_for: dt.timedelta = RETRY_FOR,
    cap: dt.timedelta = BACKOFF_CAP,
    jitter: Callable[[], float] = lambda: random.uniform(0.5, 1.0),
) -> list[int]:
    """Give the intents back to be tried again: after `delay` (Slack's Retry-After) or a
    capped exponential back-off with jitter; park those that cannot succeed, so they never
    block the others. Returns the ids parked."""
    parked: list[int] = []
    if not ids:
        return parked
    with db.begin() as session:
        rows = session.scalars(
            select(OutboxIntent).where(OutboxIntent.id.in_(ids), OutboxIntent.lease_owner == owner)
        )
        for row in rows:
            row.lease_owner, row.lease_until = None, None
            if failure is Failure.WAIT:
                row.available_at = now + (delay or dt.timedelta(seconds=1))
                continue
            row.attempts += 1
            row.last_error = error[:2000]
            row.failing_since = row.failing_since or now
            if (
                failure is Failure.PERMANENT
                or (failure is Failure.BUG and row.attempts >= MAX_ATTEMPTS)
                or (failure is Failure.TRANSIENT and now - row.failing_since >= retry_for)
            ):
                row.parked = True
                parked.append(row.id)
                continue
            backoff = min(cap, dt.timedelta(seconds=2 ** min(row.attempts - 1, 16)))
            row.available_at = now + max(delay or dt.timedelta(0), backoff * jitter())
    return parked


def next_try(db: Database, ids: Sequence[int]) -> dt.datetime | None:
    """When the last of these intents (given back, not parked) is tried again."""
    if not ids:
        return None
    with db.readers() as session:
        return session.scalar(
            select(func.max(OutboxIntent.available_at)).where(
                OutboxIntent.id.in_(ids), OutboxIntent.parked.is_(False)
            )
        )


def due_later(db: Database, incident_id: int, now: dt.datetime) -> dt.datetime | None:
    """The earliest time an incident's intents given back for later are due, if any."""
    with db.readers() as session:
        return session.scalar(
            select(func.min(OutboxIntent.available_at)).where(
                OutboxIntent.incident_id == incident_id,
                OutboxIntent.done_at.is_(None),
                OutboxIntent.parked.is_(False),
                OutboxIntent.available_at > now,
            )
        )


def budget(
    db: Database,
    *,
    take: bool,
    per_second: float,
    burst: float,
    now: dt.datetime,
    name: str = "tier3",
) -> float:
    """Seconds before a call may draw on the workspace's budget `name` (a token bucket
    every process shares); 0 means now, and with `take` one call is counted."""
    if not take:
        with db.readers() as session:
            row = session.get(SlackBudget, name)
            if row is None:
                return 0.0
            tokens = _refilled(row, per_second, burst, now)
            return 0.0 if tokens >= 1 else (1 - tokens) / per_second
    with db.begin() as session:
        row = session.get(SlackBudget, name, with_for_update=not db.is_sqlite)
        if row is None:
            return 0.0
        tokens = _refilled(row, per_second, burst, now)
        if tokens < 1:
            return (1 - tokens) / per_second
        row.tokens, row.filled_at = tokens - 1, now
        return 0.0


def _refilled(row: SlackBudget, per_second: float, burst: float, now: dt.datetime) -> float:
    elapsed = max(0.0, (now - row.filled_at).total_seconds())
    return min(burst, row.tokens + elapsed * per_second)


def pause(db: Database, method: str, until: dt.datetime) -> None:
    """Slack said to wait before calling `method` again: every process waits."""
    with db.begin() as session:
        row = session.get(SlackPause, method)
        if row is None:
            session.add(SlackPause(method=method, until=until))
        elif row.until < until:
            row.until = until


def pauses(db: Database, now: dt.datetime) -> dict[str, dt.datetime]:
    """The Web API methods nobody may call yet, and until when."""
    with db.readers() as session:
        rows = session.execute(
            select(SlackPause.method, SlackPause.until).where(SlackPause.until > now)
        )
        return {method: until for method, until in rows}


@dataclass(frozen=True)
class Waiting:
    """An intent not yet delivered, as `crisisbot outbox list` shows it."""

    id: int
    ref: str | None
    kind: str
    created_at: dt.datetime
    available_at: dt.datetime
    attempts: int
    parked: bool
    failing_since: dt.datetime | None
    last_error: str | None


def waiting(db: Database, *, parked_only: bool = False, limit: int = 200) -> list[Waiting]:
    """Intents not delivered yet, parked first, oldest first."""
    query = (
        select(
            OutboxIntent.id,
            Incident.ref,
            OutboxIntent.kind,
            OutboxIntent.created_at,
            OutboxIntent.available_at,
            OutboxIntent.attempts,
            OutboxIntent.parked,
            OutboxIntent.failing_since,
            OutboxIntent.last_error,
        )
        .outerjoin(Incident, Incident.id == OutboxIntent.incident_id)
        .where(OutboxIntent.done_at.is_(None))
        .order_by(OutboxIntent.parked.desc(), OutboxIntent.id)
        .limit(limit)
    )
    if parked_only:
        query = query.where(OutboxIntent.parked.is_(True))
    with db.readers() as session:
        return [Waiting(*row) for row in session.execute(query)]


def requeue(db: Database, ids: Sequence[int] | None, *, now: dt.datetime) -> int:
    """Send parked intents (all of them, or those with these ids) again now; how many."""
    query = (
        update(OutboxIntent)
        .where(OutboxIntent.parked.is_(True), OutboxIntent.done_at.is_(None))
        .values(parked=False, attempts=0, failing_since=None, available_at=now)
    )
    if ids is not None:
        query = query.where(OutboxIntent.id.in_(ids))
    with db.begin() as session:
        return int(getattr(session.execute(query), "rowcount", 0) or 0)


@dataclass(frozen=True)
class Troubles:
    """What /healthz and admins are shown about delivery."""

    parked: int
    retrying: int  # failing, still being retried
    failing_since: dt.datetime | None  # the oldest of those still retrying


def troubles(db: Database) -> Troubles:
    undelivered = OutboxIntent.done_at.is_(None)
    with db.readers() as session:
        parked = session.scalar(
            select(func.count()).where(undelivered, OutboxIntent.parked.is_(True))
        )
        retrying, since = session.execute(
            select(func.count(), func.min(OutboxIntent.failing_since)).where(
                undelivered, OutboxIntent.parked.is_(False), OutboxIntent.failing_since.is_not(None)
            )
        ).one()
    return Troubles(parked or 0, retrying or 0, since)


def next_due(db: Database) -> dt.datetime | None:
    """When the earliest waiting intent can be claimed: its available time, or when
    another deliverer's lease on it runs out (for the deliverer's sleep)."""
    ready = case(
        (
            and_(
                OutboxIntent.lease_until.is_not(None),
                OutboxIntent.lease_until > OutboxIntent.available_at,
            ),
            OutboxIntent.lease_until,
        ),
        else_=OutboxIntent.available_at,
    )
    with db.readers() as session:
        return session.scalar(
            select(ready)
            .where(OutboxIntent.done_at.is_(None), OutboxIntent.parked.is_(False))
            .order_by(ready)
            .limit(1)
        )


def pending_count(db: Database) -> int:
    with db.readers() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(OutboxIntent)
                .where(OutboxIntent.done_at.is_(None), OutboxIntent.parked.is_(False))
            )
            or 0
        )


def oldest_overdue_reminder(db: Database, now: dt.datetime) -> dt.datetime | None:
    """Since when a reminder has been waiting: the oldest reminder or escalation not yet
    delivered, or the oldest look for reminders that is more than a minute late (the
    processes that look are down or behind). None when nothing waits."""
    with db.readers() as session:
        undelivered = session.scalar(
            select(func.min(OutboxIntent.created_at)).where(
                OutboxIntent.kind.in_((Intent.REMIND, Intent.ESCALATE)),
                OutboxIntent.done_at.is_(None),
            )
        )
        late = session.scalar(
            select(func.min(Incident.remind_at)).where(
                Incident.phase != "closed",
                Incident.channel_id.is_not(None),
                Incident.remind_at < now - dt.timedelta(minutes=1),
            )
        )
    found = [t for t in (undelivered, late) if t is not None]
    return min(found) if found else None
