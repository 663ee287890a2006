"""Sending reminders once, whichever process looks: a process finds the incidents whose
`remind_at` has come, plans each one, and under the incident's lock records every due
reminder (a key unique within the incident, so a second process finds it sent) and asks
the deliverer to post them, one message per person. "On it" is a log entry that holds a
step's repeats and escalation for a while."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from bot.errors import InvalidInput, NotFound
from bot.incidents.context import (
    Context,
    Outcome,
    append_log,
    enqueue,
    lock,
    transaction,
)
from bot.incidents.log import LogKind
from bot.incidents.queries import playbook_of, step_statuses
from bot.incidents.service import open_step_for
from bot.incidents.view import IncidentView, get_incident
from bot.outbox import Intent
from bot.playbooks.model import CLOSED, Playbook
from bot.reminders import schedule
from bot.reminders.policy import Policy, for_playbook
from bot.store.models import Incident, LogEntry, Reminder

IDLE = dt.timedelta(hours=6)  # nothing ahead: look again this much later anyway


def policy_of(org: Policy, playbook: Playbook) -> Policy:
    """The organisation's policy with the playbook's `reminders:` changes."""
    return for_playbook(org, dict(playbook.reminders)) if playbook.reminders else org


def run(
    ctx: Context,
    tz: ZoneInfo,
    org: Policy,
    *,
    paging: bool = False,
    limit: int = 50,
    view_of: Callable[[Context, str], IncidentView] = get_incident,
) -> int:
    """Send what is due now in every open incident that needs a look; returns how many
    reminders were recorded. `paging`: an escalation webhook is configured."""
    now = ctx.clock()
    with ctx.db.readers() as session:
        refs = session.scalars(
            select(Incident.ref)
            .where(
                Incident.phase != CLOSED,
                Incident.channel_id.is_not(None),
                or_(Incident.remind_at.is_(None), Incident.remind_at <= now),
            )
            .order_by(Incident.remind_at.is_not(None), Incident.remind_at)
            .limit(limit)
        ).all()
    sent = 0
    quiet: list[tuple[int, int, dt.datetime]] = []  # nothing due: when to look again
    for ref in refs:
        try:
            sent += _one(ctx, tz, org, ref, now, paging, view_of, quiet)
        except NotFound:  # deleted meanwhile
            continue
    if quiet:  # one write for all of them (on SQLite, one turn of the write lock)
        with ctx.db.begin() as session:
            for incident_id, head_seq, next_at in quiet:
                session.execute(  # only if nothing changed since the plan was made
                    update(Incident)
                    .where(Incident.id == incident_id, Incident.head_seq == head_seq)
                    .values(remind_at=next_at)
                )
    return sent


def _one(
    ctx: Context,
    tz: ZoneInfo,
    org: Policy,
    ref: str,
    now: dt.datetime,
    paging: bool,
    view_of: Callable[[Context, str], IncidentView],
    quiet: list[tuple[int, int, dt.datetime]],
) -> int:
    view = view_of(ctx, ref)
    policy = policy_of(org, view.playbook)
    with ctx.db.readers() as session:
        incident_id = session.scalar(select(Incident.id).where(Incident.ref == ref))
        keys = set(session.scalars(select(Reminder.key).where(Reminder.incident_id == incident_id)))
        held = _on_it(session, incident_id)
    plan = schedule.plan(view, policy, keys, held, now, tz)
    next_at = plan.next_at or now + IDLE
    if not plan.due:
        if incident_id is not None:
            quiet.append((incident_id, view.head_seq, next_at))
        return 0
    with ctx.db.begin() as session:
        inc = lock(session, ref)
        if inc.phase == CLOSED or inc.head_seq != view.head_seq:
            return 0  # changed since the plan: the next look plans again (remind_at is None)
        keys = set(session.scalars(select(Reminder.key).where(Reminder.incident_id == inc.id)))
        due = [r for r in plan.due if r.key not in keys]
        rows = []
        for r in due:
            row = Reminder(
                incident_id=inc.id, key=r.key, kind=r.kind, to_user=r.to, subject=r.subject,
                due_at=r.due_at, sent_at=now,
            )  # fmt: skip
            session.add(row)
            rows.append(row)
        session.flush()
        told: dict[str | None, list[int]] = {}
        for r, row in zip(due, rows, strict=True):
            if r.kind == schedule.PAGE:
                if paging:
                    enqueue(session, ctx, inc, Intent.ESCALATE, id=row.id)
                continue  # the commander was told at the grace period; the pager is extra
            told.setdefault(r.to, []).append(row.id)
        for to, ids in told.items():  # a burst for one person is one message
            enqueue(session, ctx, inc, Intent.REMIND, ids=ids, to=to)
        inc.remind_at = next_at
    if ctx.on_commit is not None:
        ctx.on_commit()
    return len(due)


def _on_it(session: Session, incident_id: int | None) -> dict[str, dt.datetime]:
    """Step id -> when its latest "On it" ends."""
    out: dict[str, dt.datetime] = {}
    for data in session.scalars(
        select(LogEntry.data)
        .where(LogEntry.incident_id == incident_id, LogEntry.kind == LogKind.ON_IT)
        .order_by(LogEntry.seq)
    ):
        step, until = data.get("step"), data.get("until")
        if isinstance(step, str) and isinstance(until, str):
            out[step] = dt.datetime.fromisoformat(until.replace("Z", "+00:00"))
    return out


def on_it(ctx: Context, *, incident: str, step_id: str, actor: str, org: Policy) -> Outcome:
    """Someone takes a reminded step on: its repeats and escalation wait `on_it_minutes`.
    The step's owner, the commander or an admin may (as for ticking it)."""
    with transaction(ctx, action="on_it", actor=actor, ref=incident) as session:
        inc = lock(session, incident)
        step = open_step_for(session, ctx, inc, step_id, actor, "complete_step")
        playbook = playbook_of(inc)
        if step_statuses(session, inc).get(step_id) != "open":
            raise InvalidInput(f"“{step.title}” is already finished")
        minutes = policy_of(org, playbook).on_it_minutes
        until = ctx.clock() + dt.timedelta(minutes=minutes)
        stamp = until.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        text = f"On it: {step.title} (reminders wait {minutes} min)"
        seq = append_log(
            session, ctx, inc, actor, LogKind.ON_IT, text, step=step_id, until=stamp,
            minutes=minutes,
        )  # fmt: skip
        enqueue(session, ctx, inc, Intent.ANNOUNCE, seq=seq)
        return Outcome(inc.ref, True, text, seq)
