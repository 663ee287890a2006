"""Read side: what an incident looks like now, its log, and its verification."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.incidents import log as incident_log
from bot.incidents.machine import FINISHED, open_dependencies
from bot.incidents.service import (
    Context,
    find_incident,
    playbook_of,
    role_holders,
    step_states,
)
from bot.playbooks.model import CLOSED, Deadline, Playbook, Role, Step
from bot.store.models import Incident, LogEntry, StepState


@dataclass(frozen=True)
class StepView:
    step: Step
    status: str  # open | done | skipped
    changed_by: str | None
    changed_at: dt.datetime | None
    reason: str | None
    due_at: dt.datetime | None
    waiting_for: tuple[str, ...]  # open dependencies
    owner: str | None  # who holds the step's role

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    def overdue(self, now: dt.datetime) -> bool:
        return not self.finished and self.due_at is not None and self.due_at < now


@dataclass(frozen=True)
class DeadlineView:
    deadline: Deadline
    due_at: dt.datetime
    # met | late | open | overdue | not-required | skipped
    status: str = "open"
    done_at: dt.datetime | None = None  # when its step was done
    applies: bool | None = None  # None: no assessment yet, so it is presumed to apply
    note: str = ""


def _applies(condition: str, assessment: dict[str, Any] | None) -> bool | None:
    if condition == "always":
        return True
    if assessment is None:
        return None
    affected, residents = int(assessment["affected"]), int(assessment["state_residents_max"])
    return {
        "affected-500-or-more": affected >= 500,
        "affected-under-500": affected < 500,
        "more-than-500-residents-of-a-state": residents > 500,
    }[condition]


def deadline_state(
    deadline: Deadline,
    due: dt.datetime,
    *,
    assessment: dict[str, Any] | None,
    step: StepState | None,
    now: dt.datetime,
    met_at: dt.datetime | None = None,
) -> DeadlineView:
    """Whether a notification deadline applies, and whether it was met: when recorded
    (`crisisbot incident deadline-met`), else when its step was done."""
    applies = _applies(deadline.applies_if, assessment)
    if assessment is not None and not assessment.get("breach", True):
        return DeadlineView(
            deadline,
            due,
            "not-required",
            None,
            False,
            "the risk assessment found a low probability of compromise",
        )
    if applies is False and assessment is not None:
        residents = deadline.applies_if == "more-than-500-residents-of-a-state"
        why = (
            f"at most {assessment['state_residents_max']} residents of one state"
            if residents
            else f"{assessment['affected']} affected"
        )
        return DeadlineView(deadline, due, "not-required", None, False, f"does not apply: {why}")
    note = "" if applies else "applies unless the risk assessment shows otherwise"
    if met_at is not None:
        return DeadlineView(
            deadline, due, "met" if met_at <= due else "late", met_at, applies, note
        )
    if step is not None and step.status == "done" and step.changed_at is not None:
        status = "met" if step.changed_at <= due else "late"
        return DeadlineView(deadline, due, status, step.changed_at, applies, note)
    if step is not None and step.status == "skipped":
        return DeadlineView(deadline, due, "skipped", None, applies, f"skipped: {step.reason}")
    return DeadlineView(deadline, due, "overdue" if now > due else "open", None, applies, note)


def _deadline_facts(
    session: Session, incident: Incident
) -> tuple[dict[str, Any] | None, dict[str, dt.datetime]]:
    """The latest risk assessment and the deadlines recorded as met, in one query."""
    assessment: dict[str, Any] | None = None
    met: dict[str, dt.datetime] = {}
    rows = session.execute(
        select(LogEntry.kind, LogEntry.data)
        .where(
            LogEntry.incident_id == incident.id,
            LogEntry.kind.in_(("risk_assessment", "deadline_met")),
        )
        .order_by(LogEntry.seq)
    )
    for kind, data in rows:
        if kind == "risk_assessment":
            assessment = dict(data)
        else:
            met[str(data["deadline"])] = incident_log.parse_ts(str(data["done_at"]))
    return assessment, met


@dataclass(frozen=True)
class IncidentView:
    ref: str
    title: str
    description: str
    playbook: Playbook
    playbook_hash: str
    severity: str
    phase: str
    phase_entered_at: dt.datetime
    drill: bool
    channel_id: str | None
    thread_ts: str | None
    opened_by: str
    opened_at: dt.datetime
    discovered_at: dt.datetime
    closed_at: dt.datetime | None
    roles: tuple[tuple[Role, str | None], ...]
    steps: tuple[StepView, ...]
    deadlines: tuple[DeadlineView, ...]
    head_seq: int
    head_hash: str
    assessment: dict[str, Any] | None = None  # the latest breach risk assessment, if any

    @property
    def closed(self) -> bool:
        return self.phase == CLOSED

    @property
    def phase_title(self) -> str:
        return "Closed" if self.closed else self.playbook.phase(self.phase).title

    @property
    def progress(self) -> tuple[int, int]:
        """(finished, total) over every step of the playbook."""
        return sum(s.finished for s in self.steps), len(self.steps)

    @property
    def unfilled_required_roles(self) -> tuple[Role, ...]:
        return tuple(role for role, holder in self.roles if role.required and holder is None)


@dataclass(frozen=True)
class EntryView:
    incident: str
    seq: int
    ts: dt.datetime
    actor: str
    kind: str
    text: str
    data: dict[str, object]
    hash: str
    prev_hash: str


def deadline_due(
    deadline: Deadline, *, discovered_at: dt.datetime, opened_at: dt.datetime, tz: ZoneInfo
) -> dt.datetime:
    """End of the last calendar day allowed, in the organisation's time zone."""
    if deadline.after == "year-end":
        base = dt.date(discovered_at.astimezone(tz).year, 12, 31)
    else:
        start = discovered_at if deadline.after == "discovered" else opened_at
        base = start.astimezone(tz).date()
    last_day = base + dt.timedelta(days=deadline.days)
    end = dt.datetime.combine(last_day, dt.time(23, 59, 59, 999000), tzinfo=tz)
    return end.astimezone(dt.UTC)


def _phase_entries(session: Session, incident: Incident) -> dict[str, dt.datetime]:
    """When each phase was entered, from the log (only read when a step counts from it)."""
    playbook = playbook_of(incident)
    entered = {playbook.phase_ids[0]: incident.opened_at}
    if incident.phase != "closed":
        entered[incident.phase] = incident.phase_entered_at
    if not any(step.due_from == "phase" for step in playbook.steps):
        return entered
    rows = session.execute(
        select(LogEntry.ts, LogEntry.data)
        .where(LogEntry.incident_id == incident.id, LogEntry.kind == "phase_changed")
        .order_by(LogEntry.seq)
    )
    for ts, data in rows:
        entered[data["to"]] = ts
    return entered


def get_incident(ctx: Context, ref: str, *, tz: ZoneInfo | None = None) -> IncidentView:
    tz = tz or ZoneInfo("UTC")
    with ctx.db.readers() as session:
        inc = find_incident(session, ref)
        playbook = playbook_of(inc)
        roles = role_holders(session, inc)
        states = step_states(session, inc)
        status = {k: v.status for k, v in states.items()}
        entered = _phase_entries(session, inc)
        steps = []
        for step in playbook.steps:
            row = states[step.id]
            base = inc.opened_at if step.due_from == "start" else entered.get(step.phase)
            due = (
                base + dt.timedelta(minutes=step.due_minutes) if step.due_minutes and base else None
            )
            steps.append(
                StepView(
                    step=step,
                    status=row.status,
                    changed_by=row.changed_by,
                    changed_at=row.changed_at,
                    reason=row.reason,
                    due_at=due,
                    waiting_for=tuple(s.id for s in open_dependencies(playbook, step.id, status)),
                    owner=roles.get(step.role),
                )
            )
        assessment, met = _deadline_facts(session, inc) if playbook.deadlines else (None, {})
        now = ctx.clock()
        deadlines = tuple(
            deadline_state(
                d,
                deadline_due(d, discovered_at=inc.discovered_at, opened_at=inc.opened_at, tz=tz),
                assessment=assessment,
                step=states.get(d.step) if d.step else None,
                now=now,
                met_at=met.get(d.id),
            )
            for d in playbook.deadlines
        )
        return IncidentView(
            ref=inc.ref,
            title=inc.title,
            description=inc.description,
            playbook=playbook,
            playbook_hash=inc.playbook_hash,
            severity=inc.severity,
            phase=inc.phase,
            phase_entered_at=inc.phase_entered_at,
            drill=inc.drill,
            channel_id=inc.channel_id,
            thread_ts=inc.thread_ts,
            opened_by=inc.opened_by,
            opened_at=inc.opened_at,
            discovered_at=inc.discovered_at,
            closed_at=inc.closed_at,
            roles=tuple((role, roles.get(role.id)) for role in playbook.roles),
            steps=tuple(steps),
            deadlines=deadlines,
            head_seq=inc.head_seq,
            head_hash=inc.head_hash,
            assessment=assessment,
        )


@dataclass(frozen=True)
class IncidentLine:
    ref: str
    title: str
    playbook_id: str
    severity: str
    phase: str
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    drill: bool
    channel_id: str | None
    thread_ts: str | None


def list_incidents(ctx: Context, *, include_closed: bool = False) -> list[IncidentLine]:
    """Open incidents (and closed ones if asked), newest first."""
    query = select(
        Incident.ref,
        Incident.title,
        Incident.playbook_id,
        Incident.severity,
        Incident.phase,
        Incident.opened_at,
        Incident.closed_at,
        Incident.drill,
        Incident.channel_id,
        Incident.thread_ts,
    ).order_by(Incident.opened_at.desc(), Incident.id.desc())
    if not include_closed:
        query = query.where(Incident.phase != CLOSED)
    with ctx.db.readers() as session:
        return [IncidentLine(**row._asdict()) for row in session.execute(query)]


def log_entries(ctx: Context, ref: str) -> list[EntryView]:
    with ctx.db.readers() as session:
        inc = find_incident(session, ref)
        rows = session.execute(
            select(
                LogEntry.seq,
                LogEntry.ts,
                LogEntry.actor,
                LogEntry.kind,
                LogEntry.text,
                LogEntry.data,
                LogEntry.hash,
                LogEntry.prev_hash,
            )
            .where(LogEntry.incident_id == inc.id)
            .order_by(LogEntry.seq)
        )
        return [EntryView(inc.ref, *row) for row in rows]


def verify_log(
    ctx: Context, ref: str, *, expected_head: str | None = None
) -> incident_log.Verification:
    with ctx.db.readers() as session:
        inc = find_incident(session, ref)
        return incident_log.verify(session, inc, expected_head=expected_head)
