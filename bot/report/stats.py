"""Metrics across incidents: what is open now, and how responses went over a period.

Read from the database and the log only. Drills are left out of the period figures
unless asked for (they would flatter the times); open drills are listed, marked.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from bot.incidents.context import Context
from bot.incidents.log import LogKind
from bot.incidents.queries import playbook_of
from bot.incidents.view import get_incident, list_incidents
from bot.playbooks.model import CLOSED
from bot.store.models import Incident, LogEntry, Statement

HOLDING = "initial-holding"  # the template id of a playbook's first holding statement


@dataclass(frozen=True)
class OpenIncident:
    ref: str
    title: str
    playbook_title: str
    phase_title: str
    severity: str
    drill: bool
    opened_at: dt.datetime
    age: dt.timedelta
    overdue_steps: int
    channel_id: str | None
    thread_ts: str | None
    playbook_id: str = ""


@dataclass(frozen=True)
class PhaseTime:
    playbook_title: str
    phase_title: str
    median: dt.timedelta
    incidents: int


@dataclass(frozen=True)
class Stats:
    since: dt.datetime
    until: dt.datetime
    include_drills: bool
    incidents: int = 0
    left_out: tuple[str, ...] = ()  # playbooks whose incidents are not counted
    per_playbook: dict[str, int] = field(default_factory=dict)
    first_holding_median: dt.timedelta | None = None
    first_holding_incidents: int = 0  # incidents with an approved holding statement
    phases: tuple[PhaseTime, ...] = ()
    steps_done_with_due: int = 0
    steps_done_late: int = 0

    @property
    def late_share(self) -> float | None:
        """Of the steps done that had a due time, the share done after it."""
        if not self.steps_done_with_due:
            return None
        return self.steps_done_late / self.steps_done_with_due

    def to_dict(self) -> dict[str, Any]:
        def secs(value: dt.timedelta | None) -> float | None:
            return None if value is None else value.total_seconds()

        return {
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "include_drills": self.include_drills,
            "incidents": self.incidents,
            "per_playbook": self.per_playbook,
            "first_holding_median_s": secs(self.first_holding_median),
            "first_holding_incidents": self.first_holding_incidents,
            "phases": [
                {
                    "playbook": p.playbook_title,
                    "phase": p.phase_title,
                    "median_s": secs(p.median),
                    "incidents": p.incidents,
                }
                for p in self.phases
            ],
            "steps_done_with_due": self.steps_done_with_due,
            "steps_done_late": self.steps_done_late,
            "late_share": self.late_share,
        }


def open_incidents(ctx: Context, *, now: dt.datetime) -> list[OpenIncident]:
    """Every open incident, newest first, with its phase, age and overdue steps."""
    out = []
    for line in list_incidents(ctx):
        view = get_incident(ctx, line.ref)
        out.append(
            OpenIncident(
                ref=view.ref,
                title=view.title,
                playbook_title=view.playbook.title,
                playbook_id=view.playbook.id,
                phase_title=view.phase_title,
                severity=view.severity,
                drill=view.drill,
                opened_at=view.opened_at,
                age=now - view.opened_at,
                overdue_steps=sum(1 for s in view.steps if s.overdue(now)),
                channel_id=view.channel_id,
                thread_ts=view.thread_ts,
            )
        )
    return out


def _median(values: list[dt.timedelta]) -> dt.timedelta | None:
    if not values:
        return None
    return dt.timedelta(seconds=statistics.median(v.total_seconds() for v in values))


def incident_stats(
    ctx: Context,
    *,
    since: dt.datetime,
    until: dt.datetime,
    now: dt.datetime,
    include_drills: bool = False,
    leave_out: frozenset[str] = frozenset(),
) -> Stats:
    """Incidents opened from `since` to `until` (both included): counts per playbook,
    median time to the first approved holding statement, median time in each phase
    (phases that ended), and the share of steps done late. Incidents of the playbooks
    in `leave_out` are not counted (the App Home leaves out confidential ones)."""
    with ctx.db.readers() as session:
        query = select(Incident).where(Incident.opened_at >= since, Incident.opened_at <= until)
        if not include_drills:
            query = query.where(Incident.drill.is_(False))
        if leave_out:
            query = query.where(Incident.playbook_id.not_in(sorted(leave_out)))
        incidents = list(session.scalars(query.order_by(Incident.opened_at)))
        ids = [i.id for i in incidents]
        # The first approval for use of a holding statement, from the log: a statement's
        # own approved_at moves when it is revised and approved again.
        holding_numbers = {
            (incident_id, number)
            for incident_id, number in session.execute(
                select(Statement.incident_id, Statement.number).where(
                    Statement.incident_id.in_(ids), Statement.template_id == HOLDING
                )
            )
        }
        holding: dict[int, dt.datetime] = {}
        for incident_id, ts, data in session.execute(
            select(LogEntry.incident_id, LogEntry.ts, LogEntry.data)
            .where(LogEntry.incident_id.in_(ids), LogEntry.kind == LogKind.STATEMENT_APPROVED)
            .order_by(LogEntry.incident_id, LogEntry.seq)
        ):
            if data.get("final") and (incident_id, data.get("statement")) in holding_numbers:
                holding.setdefault(incident_id, ts)
        changes: dict[int, list[tuple[dt.datetime, str, dict[str, Any]]]] = defaultdict(list)
        for incident_id, ts, kind, data in session.execute(
            select(LogEntry.incident_id, LogEntry.ts, LogEntry.kind, LogEntry.data)
            .where(
                LogEntry.incident_id.in_(ids),
                LogEntry.kind.in_((LogKind.PHASE_CHANGED, LogKind.CLOSED)),
            )
            .order_by(LogEntry.incident_id, LogEntry.seq)
        ):
            changes[incident_id].append((ts, kind, data))
        per_playbook: dict[str, int] = defaultdict(int)
        first_holding: list[dt.timedelta] = []
        in_phase: dict[tuple[str, str], list[dt.timedelta]] = defaultdict(list)
        order: dict[tuple[str, str], int] = {}  # a phase's place in its playbook
        for inc in incidents:
            playbook = playbook_of(inc)
            per_playbook[playbook.title] += 1
            approved = holding.get(inc.id)
            if approved is not None:
                first_holding.append(approved - inc.opened_at)
            phase, entered = playbook.phase_ids[0], inc.opened_at
            for ts, kind, data in changes[inc.id]:
                if phase in playbook.phase_ids:
                    key = (playbook.title, playbook.phase(phase).title)
                    in_phase[key].append(ts - entered)
                    order.setdefault(key, playbook.phase_index(phase))
                phase, entered = (
                    (str(data.get("to")) if kind == LogKind.PHASE_CHANGED else CLOSED),
                    ts,
                )
    done_with_due = done_late = 0
    for inc in incidents:
        for step in get_incident(ctx, inc.ref).steps:
            if step.status == "done" and step.due_at is not None and step.changed_at is not None:
                done_with_due += 1
                done_late += step.changed_at > step.due_at
    phases = tuple(
        PhaseTime(playbook, phase, median, len(times))
        for (playbook, phase), times in sorted(
            in_phase.items(), key=lambda item: (item[0][0], order[item[0]])
        )
        if (median := _median(times)) is not None
    )
    return Stats(
        since=since,
        until=until,
        include_drills=include_drills,
        incidents=len(incidents),
        left_out=tuple(sorted(leave_out)),
        per_playbook=dict(sorted(per_playbook.items())),
        first_holding_median=_median(first_holding),
        first_holding_incidents=len(first_holding),
        phases=phases,
        steps_done_with_due=done_with_due,
        steps_done_late=done_late,
    )
