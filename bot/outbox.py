"""Outbox intents: claimed with a lease so any number of deliverers handle each once,
retried with back-off, parked when they keep failing. No Slack here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select, update

from bot.store import Database
from bot.store.models import OutboxIntent

LEASE = dt.timedelta(seconds=60)
MAX_ATTEMPTS = 8


@dataclass(frozen=True)
class Claimed:
    id: int
    incident_id: int | None
    kind: str
    payload: dict[str, Any]
    attempts: int


def claim(db: Database, *, owner: str, now: dt.datetime, limit: int = 100) -> list[Claimed]:
    """Lease up to `limit` intents that are due; on PostgreSQL rows another deliverer
    holds are skipped (FOR UPDATE SKIP LOCKED), on SQLite the write lock serialises."""
    with db.sessions.begin() as session:
        query = (
            select(OutboxIntent)
            .where(
                OutboxIntent.done_at.is_(None),
                OutboxIntent.parked.is_(False),
                OutboxIntent.available_at <= now,
                or_(OutboxIntent.lease_until.is_(None), OutboxIntent.lease_until < now),
            )
            .order_by(OutboxIntent.id)
            .limit(limit)
        )
        if not db.is_sqlite:
            query = query.with_for_update(skip_locked=True)
        rows = session.scalars(query).all()
        for row in rows:
            row.lease_owner, row.lease_until = owner, now + LEASE
        return [Claimed(r.id, r.incident_id, r.kind, dict(r.payload), r.attempts) for r in rows]


def complete(db: Database, ids: Sequence[int], *, now: dt.datetime) -> None:
    if not ids:
        return
    with db.sessions.begin() as session:
        session.execute(
            update(OutboxIntent)
            .where(OutboxIntent.id.in_(ids))
            .values(done_at=now, lease_owner=None, lease_until=None, last_error=None)
        )


def retry_later(
    db: Database,
    ids: Sequence[int],
    *,
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
    with db.sessions.begin() as session:
        for row in session.scalars(select(OutboxIntent).where(OutboxIntent.id.in_(ids))):
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
    """When the earliest waiting intent becomes due (for the deliverer's sleep)."""
    with db.readers() as session:
        return session.scalar(
            select(OutboxIntent.available_at)
            .where(OutboxIntent.done_at.is_(None), OutboxIntent.parked.is_(False))
            .order_by(OutboxIntent.available_at)
            .limit(1)
        )


def pending_count(db: Database) -> int:
    from sqlalchemy import func

    with db.readers() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(OutboxIntent)
                .where(OutboxIntent.done_at.is_(None), OutboxIntent.parked.is_(False))
            )
            or 0
        )
