"""Purging closed incidents past retention. HIPAA asks that documentation be kept six
years from its creation or when it was last in effect, so nothing closed less than six
years ago is purged, and nothing on a legal hold ever is."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, select

from bot.errors import InvalidInput
from bot.store import Database
from bot.store.models import Incident, LogEntry

RETENTION_YEARS = 6


@dataclass(frozen=True)
class Purge:
    purged: list[str]  # refs deleted (or, without apply, that would be)
    held: list[str]  # closed before the date but on a legal hold: kept


def earliest_cutoff(today: dt.date) -> dt.date:
    """The latest `closed_before` allowed today: six years back."""
    try:
        return today.replace(year=today.year - RETENTION_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year - RETENTION_YEARS, day=28)


def purge(db: Database, *, closed_before: dt.date, today: dt.date, apply: bool) -> Purge:
    """The closed incidents closed before `closed_before` go, with everything kept about
    them; with `apply` False nothing is deleted, only listed."""
    limit = earliest_cutoff(today)
    if closed_before > limit:
        raise InvalidInput(
            f"incidents are kept {RETENTION_YEARS} years after they close (HIPAA "
            f"documentation): the latest date allowed today is {limit.isoformat()}"
        )
    moment = dt.datetime.combine(closed_before, dt.time(), tzinfo=dt.UTC)
    with db.begin() as session:
        rows = session.execute(
            select(Incident.id, Incident.ref, Incident.legal_hold)
            .where(Incident.closed_at.is_not(None), Incident.closed_at < moment)
            .order_by(Incident.ref)
        ).all()
        held = [ref for _id, ref, hold in rows if hold]
        going = [(id_, ref) for id_, ref, hold in rows if not hold]
        if apply:
            for id_, _ref in going:
                session.execute(delete(LogEntry).where(LogEntry.incident_id == id_))
                session.execute(delete(Incident).where(Incident.id == id_))
    return Purge([ref for _id, ref in going], held)
