"""Outbox intents: what a use case asks Slack to show, written in its transaction
(`enqueue`), then claimed with a lease so any number of deliverers handle each once,
retried with back-off, parked when they keep failing. No Slack here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import and_, case, func, or_, select, text, update
from sqlalchemy.orm import Session

from bot.store import Database
from bot.store.models import OutboxIntent

LEASE = dt.timedelta(minutes=5)  # longer than a delivery's few Web API calls can take
MAX_ATTEMPTS = 8
_CLAIM_LOCK = 0x4F5554  # PostgreSQL advisory lock serialising claims (they are short)


class Intent(StrEnum):
    """What the deliverer is asked to show; the value is what the outbox row stores."""

    INCIDENT_STARTED = "incident_started"  # post the root message and the checklist
    REFRESH = "refresh"  # update the checklist now (the header follows, coalesced)
    REFRESH_HEADER = "refresh_header"  # update the header (phase, roles, progress)
    ANNOUNCE = "announce"  # post a log entry in the thread; payload: seq
    STATEMENT = "statement"  # post or update a statement's card; payload: number
    REPORT = "report"  # post the report's summary and file; payload: requested_by


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

    A refresh also queues one header refresh, `header_delay` later, unless one is already
    waiting: a burst of ticks updates the checklist each time and the header once."""
    if intent is Intent.REFRESH:
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


def claim(db: Database, *, owner: str, now: dt.datetime, limit: int = 100) -> list[Claimed]:
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
            .values(lease_owner=owner, lease_until=now + LEASE)
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
            .values(done_at=now, lease_owner=None, lease_until=None, last_error=None)
        )


def retry_later(
    db: Database,
    ids: Sequence[int],
    *,
    owner: str,
    now: dt.datetime,
    error: str,
    delay: dt.timedelta | None = None,
    permanent: bool = False,
) -> list[int]:
    """Give the intents back with a back-off; park those that keep failing (or cannot
    succeed) so they never block the others. Returns the ids parked."""
    parked: list[int] = []
    if not ids:
        return parked
    with db.begin() as session:
        rows = session.scalars(
            select(OutboxIntent).where(OutboxIntent.id.in_(ids), OutboxIntent.lease_owner == owner)
        )
        for row in rows:
            row.attempts += 1
            row.lease_owner, row.lease_until, row.last_error = None, None, error[:2000]
            if permanent or row.attempts >= MAX_ATTEMPTS:
                row.parked = True
                parked.append(row.id)
            else:
                backoff = delay or dt.timedelta(seconds=min(60, 2 ** (row.attempts - 1)))
                row.available_at = now + backoff
    return parked


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
