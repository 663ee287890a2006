"""Read side: what an incident looks like now, its log, and its verification."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.incidents import access
from bot.incidents import log as incident_log
from bot.incidents.context import Context, holders_in
from bot.incidents.deadlines import (
    DeadlineView,
    deadline_due,
    deadline_facts,
    deadline_state,
    required_now,
)
from bot.incidents.log import LogKind
from bot.incidents.machine import FINISHED, open_dependencies
from bot.incidents.queries import find_incident, playbook_of, role_holders, step_states
from bot.playbooks.model import CLOSED, Playbook, Role, Step
from bot.store.models import Incident, LogEntry


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
    required: bool = True  # the playbook's, or what the risk assessment decided

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    def overdue(self, now: dt.datetime) -> bool:
        return not self.finished and self.due_at is not None and self.due_at < now


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

    def blockers(self, *, closing: bool) -> tuple[StepView, ...]:
        """What the guard waits for: the required steps still open in this phase (to
        advance), or in any phase (to close), in playbook order."""
        return tuple(
            sv
            for sv in self.steps
            if sv.required and not sv.finished and (closing or sv.step.phase == self.phase)
        )

    def left_open(self) -> tuple[StepView, ...]:
        """Steps of phases already left that are still open (left by an override)."""
        if self.closed:
            return ()
        index = self.playbook.phase_index(self.phase)
        return tuple(
            sv
            for sv in self.steps
            if not sv.finished and self.playbook.phase_index(sv.step.phase) < index
        )


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


def _phase_entries(session: Session, incident: Incident) -> dict[str, dt.datetime]:
    """When each phase was entered, from the log (only read when a step counts from it)."""
    playbook = playbook_of(incident)
    entered = {playbook.phase_ids[0]: incident.opened_at}
    if incident.phase != CLOSED:
        entered[incident.phase] = incident.phase_entered_at
    if not any(step.due_from == "phase" for step in playbook.steps):
        return entered
    rows = session.execute(
        select(LogEntry.ts, LogEntry.data)
        .where(LogEntry.incident_id == incident.id, LogEntry.kind == LogKind.PHASE_CHANGED)
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
        assessment, met = deadline_facts(session, inc) if playbook.deadlines else (None, {})
        decided = required_now(playbook, assessment)
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
                    required=decided.get(step.id, step.required),
                )
            )
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


def may(ctx: Context, user: str, action: str, ref: str) -> bool:
    """Whether `user` may do `action` in the incident now, by the facts the use case
    itself checks (the roles, their standing, and for a confidential incident whether
    they are in its channel): a control is offered only to whom it will not refuse."""
    with ctx.db.readers() as session:
        return access.can(user, action, holders_in(session, ctx, find_incident(session, ref)))


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
