"""What changes with the date alone: an incident's header counts its deadlines' days
left, so it is redrawn once each day in the organisation's time zone, by whichever
process gets there first."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import or_, select, update

from bot.incidents.context import Context, enqueue
from bot.incidents.queries import playbook_of
from bot.outbox import Intent
from bot.playbooks.model import CLOSED
from bot.store.models import Incident


def drawn_today(ctx: Context, incident_id: int, tz: ZoneInfo) -> None:
    """The header was just drawn: today's redraw is not needed."""
    today = ctx.clock().astimezone(tz).date().isoformat()
    with ctx.db.begin() as session:
        session.execute(
            update(Incident)
            .where(
                Incident.id == incident_id,
                or_(Incident.header_day.is_(None), Incident.header_day != today),
            )
            .values(header_day=today)
        )


def redraw_headers(ctx: Context, tz: ZoneInfo) -> int:
    """Ask for the header of every open incident with deadlines not yet drawn today;
    returns how many. The claim on the day is one conditional UPDATE, so two processes
    never both ask."""
    today = ctx.clock().astimezone(tz).date().isoformat()
    with ctx.db.readers() as session:
        stale = session.scalars(
            select(Incident).where(
                Incident.phase != CLOSED,
                Incident.channel_id.is_not(None),
                or_(Incident.header_day.is_(None), Incident.header_day != today),
            )
        ).all()
        due = [inc.id for inc in stale if playbook_of(inc).deadlines]
    asked = 0
    for incident_id in due:
        with ctx.db.begin() as session:
            result = session.execute(
                update(Incident)
                .where(
                    Incident.id == incident_id,
                    Incident.phase != CLOSED,
                    or_(Incident.header_day.is_(None), Incident.header_day != today),
                )
                .values(header_day=today)
            )
            claimed = int(getattr(result, "rowcount", 0) or 0)
            if claimed:
                inc = session.get_one(Incident, incident_id)
                enqueue(session, ctx, inc, Intent.REFRESH_HEADER)
                asked += 1
    if asked and ctx.on_commit is not None:
        ctx.on_commit()
    return asked
