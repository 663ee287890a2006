"""The inbox: work a Slack request was acked for (capture a reply, tick a step, start an
incident), written before the ack and deleted once done. The process that took the
request leases it and renews the lease while the work waits in its memory; if the process
dies, the lease runs out and any process takes the work over; on a graceful stop it gives
back what it has not started. No Slack here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, or_, select, update

from bot.store import Database
from bot.store.models import InboxItem

LEASE = dt.timedelta(seconds=30)  # renewed every LEASE / 3 while the work waits or runs
MAX_ATTEMPTS = 5  # a job that keeps failing is a bug: kept, with its error, out of the way


@dataclass(frozen=True)
class Item:
    id: int
    job: str
    args: dict[str, Any]


def put(db: Database, *, job: str, args: dict[str, Any], owner: str, now: dt.datetime) -> int:
    """Keep the work, leased to `owner`; its id. Called before the request is acked."""
    with db.begin() as session:
        item = InboxItem(
            job=job,
            args=args,
            received_at=now,
            lease_owner=owner,
            lease_until=now + LEASE,
            attempts=0,
        )
        session.add(item)
        session.flush()
        return item.id


def take(db: Database, *, owner: str, now: dt.datetime, limit: int) -> list[Item]:
    """Lease up to `limit` items nobody holds (given back, or their process died)."""
    with db.begin() as session:
        query = (
            select(InboxItem.id)
            .where(
                or_(InboxItem.lease_until.is_(None), InboxItem.lease_until < now),
                InboxItem.attempts < MAX_ATTEMPTS,
            )
            .order_by(InboxItem.id)
            .limit(limit)
        )
        if not db.is_sqlite:
            query = query.with_for_update(skip_locked=True)
        ids = list(session.scalars(query))
        if not ids:
            return []
        session.execute(
            update(InboxItem)
            .where(InboxItem.id.in_(ids))
            .values(lease_owner=owner, lease_until=now + LEASE)
        )
        rows = session.execute(
            select(InboxItem.id, InboxItem.job, InboxItem.args)
            .where(InboxItem.id.in_(ids))
            .order_by(InboxItem.id)
        )
        return [Item(r.id, r.job, dict(r.args)) for r in rows]


def renew(db: Database, *, owner: str, now: dt.datetime) -> None:
    """Extend the lease on everything `owner` holds."""
    with db.begin() as session:
        session.execute(
            update(InboxItem).where(InboxItem.lease_owner == owner).values(lease_until=now + LEASE)
        )


def release(db: Database, ids: Sequence[int], *, owner: str) -> None:
    """Give back work `owner` has not started, for another process (or the next start)."""
    if not ids:
        return
    with db.begin() as session:
        session.execute(
            update(InboxItem)
            .where(InboxItem.id.in_(ids), InboxItem.lease_owner == owner)
            .values(lease_owner=None, lease_until=None)
        )


def finish(db: Database, item_id: int) -> None:
    with db.begin() as session:
        session.execute(delete(InboxItem).where(InboxItem.id == item_id))


def failed(db: Database, item_id: int, *, error: str, now: dt.datetime) -> None:
    """The work raised: try again after a lease's time, until MAX_ATTEMPTS."""
    with db.begin() as session:
        session.execute(
            update(InboxItem)
            .where(InboxItem.id == item_id)
            .values(
                attempts=InboxItem.attempts + 1,
                last_error=error[:2000],
                lease_owner=None,
                lease_until=now + LEASE,
            )
        )


def waiting(db: Database) -> int:
    """Items not done yet (failed ones included)."""
    with db.readers() as session:
        return session.scalar(select(func.count()).select_from(InboxItem)) or 0
