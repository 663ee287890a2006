"""Build the post-incident report from the database and the log (never from Slack).

The log is read once, in one query; the same rows are verified against the head
recorded on the incident, so the report shows exactly the entries it checked.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot import people
from bot.incidents import log as incident_log
from bot.incidents.context import Context
from bot.incidents.deadlines import DeadlineView
from bot.incidents.log import LogKind
from bot.incidents.view import IncidentView, StepView, get_incident
from bot.playbooks.model import CLOSED, Playbook
from bot.report.entries import Entry, data_int, data_str, read
from bot.report.masking import mask, masked_entry
from bot.report.model import (
    DeadlineRow,
    LogHead,
    Override,
    PhaseSpan,
    Report,
    RiskAssessment,
    RoleLine,
    StepRow,
    Summary,
)
from bot.report.statements import first_holding, refused_drafts, statement_records
from bot.report.timeline import chart_events, timeline
from bot.store.models import Incident, Statement


def build_report(
    ctx: Context, ref: str, *, tz: ZoneInfo, now: dt.datetime, unmasked: bool = False
) -> Report:
    """Everything leadership reads about one incident; raises NotFound for an unknown ref.

    Identifiers in what people typed are masked ("[name]") unless `unmasked`."""
    view = get_incident(ctx, ref, tz=tz)
    with ctx.db.readers() as session:
        incident_id, head_seq, head_hash = session.execute(
            select(Incident.id, Incident.head_seq, Incident.head_hash).where(
                Incident.ref == view.ref
            )
        ).one()
        entries = read(session, incident_id)
        statement_rows = session.execute(
            select(
                Statement.number,
                Statement.template_id,
                Statement.title,
                Statement.audience,
                Statement.platform,
                Statement.author,
                Statement.status,
            )
            .where(Statement.incident_id == incident_id)
            .order_by(Statement.number)
        ).all()
    checked = incident_log.verify_rows(view.ref, head_seq, head_hash, entries)
    if not unmasked:
        entries = [masked_entry(e, ctx.org) for e in entries]
        view = dataclasses.replace(
            view,
            description=mask(view.description, ctx.org),
            deadlines=tuple(
                dataclasses.replace(d, note=mask(d.note, ctx.org)) for d in view.deadlines
            ),
        )
    playbook = view.playbook
    closing = next((e for e in reversed(entries) if e.kind == LogKind.CLOSED), None)
    end = view.closed_at or now
    phases = _phases(view, entries)
    overrides: dict[str, Override] = {}  # step -> the first override that left it open
    for span in phases:
        if span.left_by_override is not None:
            for step_id in span.left_by_override.open_steps:
                overrides.setdefault(step_id, span.left_by_override)
    steps = _steps(view, entries, overrides, end)
    records = statement_records(entries, statement_rows, playbook)
    return Report(
        summary=_summary(view, closing, end),
        phases=phases,
        steps=steps,
        statements=records,
        refused_drafts=refused_drafts(entries),
        first_holding=first_holding(records, view.opened_at),
        has_deadlines=bool(playbook.deadlines),
        deadlines=tuple(_deadline(d, playbook, now) for d in view.deadlines),
        risk_assessment=_risk(entries),
        timeline=timeline(entries, closing.seq if closing else None),
        chart_events=chart_events(steps, records),
        lessons=_lessons(closing),
        log=LogHead(
            seq=head_seq,
            hash=head_hash,
            entries=len(entries),
            verified=checked.ok,
            problem=checked.problem,
        ),
        tz=tz,
        now=now,
        people=people.names(ctx.db, _mentioned(view, entries), at=end),
        held=_held(view),
    )


def _mentioned(view: IncidentView, entries: list[Entry]) -> set[str]:
    """Everyone the report names: who acted, who was given a role, who holds one."""
    ids = {e.actor for e in entries} | {h for _, h in view.roles if h} | {view.opened_by}
    return ids | {str(e.data["user"]) for e in entries if isinstance(e.data.get("user"), str)}


def _held(view: IncidentView) -> dict[str, tuple[str, ...]]:
    held: dict[str, tuple[str, ...]] = {}
    for role, holder in view.roles:
        if holder:
            held[holder] = (*held.get(holder, ()), role.title)
    return held


def _summary(view: IncidentView, closing: Entry | None, end: dt.datetime) -> Summary:
    holders = {role.id: holder for role, holder in view.roles}
    return Summary(
        ref=view.ref,
        title=view.title,
        description=view.description,
        playbook_id=view.playbook.id,
        playbook_title=view.playbook.title,
        playbook_hash=view.playbook_hash,
        severity=view.severity,
        drill=view.drill,
        phase_title=view.phase_title,
        opened_at=view.opened_at,
        opened_by=view.opened_by,
        discovered_at=view.discovered_at,
        closed_at=view.closed_at,
        closed_by=closing.actor if closing else None,
        duration=end - view.opened_at,
        commander=holders.get(view.playbook.commander_role),
        roles=tuple(
            RoleLine(role.id, role.title, holder, role.required) for role, holder in view.roles
        ),
    )


def _title(playbook: Playbook, phase_id: str) -> str:
    if phase_id == CLOSED:
        return "Closed"
    return playbook.phase(phase_id).title if phase_id in playbook.phase_ids else phase_id


def _phases(view: IncidentView, entries: Sequence[Entry]) -> tuple[PhaseSpan, ...]:
    """Each phase with when it was entered and left, from `phase_changed` and `closed`."""
    playbook = view.playbook
    first = playbook.phase_ids[0]
    entered: dict[str, tuple[dt.datetime, str]] = {first: (view.opened_at, view.opened_by)}
    left: dict[str, tuple[dt.datetime, Override | None]] = {}
    for e in entries:
        if e.kind not in (LogKind.PHASE_CHANGED, LogKind.CLOSED):
            continue
        source, target = data_str(e.data, "from"), data_str(e.data, "to") or CLOSED
        override = None
        if e.data.get("override"):
            override = Override(
                at=e.ts,
                actor=e.actor,
                from_title=_title(playbook, source),
                to_title=_title(playbook, target),
                reason=data_str(e.data, "reason"),
                open_steps=tuple(str(s) for s in e.data.get("open_steps") or ()),
            )
        left[source] = (e.ts, override)
        entered[target] = (e.ts, e.actor)
    spans = []
    for phase in playbook.phases:
        came = entered.get(phase.id)
        went = left.get(phase.id)
        spans.append(
            PhaseSpan(
                phase_id=phase.id,
                title=phase.title,
                entered_at=came[0] if came else None,
                left_at=went[0] if went else None,
                entered_by=came[1] if came else None,
                left_by_override=went[1] if went else None,
            )
        )
    return tuple(spans)


def _steps(
    view: IncidentView,
    entries: Sequence[Entry],
    overrides: dict[str, Override],
    end: dt.datetime,
) -> tuple[StepRow, ...]:
    playbook = view.playbook
    finished: dict[str, Entry] = {}  # the entry that set the step's current status
    reopened: dict[str, int] = {}
    for e in entries:
        if e.kind in (LogKind.STEP_DONE, LogKind.STEP_SKIPPED, LogKind.STEP_REOPENED):
            step_id = data_str(e.data, "step")
            finished[step_id] = e
            if e.kind == LogKind.STEP_REOPENED:
                reopened[step_id] = reopened.get(step_id, 0) + 1
    return tuple(
        _step(sv, playbook, finished.get(sv.step.id), overrides, reopened, end) for sv in view.steps
    )


def _step(
    sv: StepView,
    playbook: Playbook,
    entry: Entry | None,
    overrides: dict[str, Override],
    reopened: dict[str, int],
    end: dt.datetime,
) -> StepRow:
    step = sv.step
    done = sv.status != "open"
    moment = sv.changed_at if done else None
    late = sv.due_at is not None and (moment or end) > sv.due_at
    return StepRow(
        step_id=step.id,
        title=step.title,
        phase_id=step.phase,
        phase_title=_title(playbook, step.phase),
        role_title=playbook.role_title(step.role),
        owner=sv.owner,
        required=sv.required,
        status=sv.status,
        finished_by=sv.changed_by if done else None,
        finished_at=moment,
        via=(data_str(entry.data, "via") or None) if entry is not None and done else None,
        reason=sv.reason if sv.status == "skipped" else None,
        due_at=sv.due_at,
        late=late,
        left_open_by=overrides.get(step.id),
        reopened=reopened.get(step.id, 0),
    )


def _deadline(view: DeadlineView, playbook: Playbook, now: dt.datetime) -> DeadlineRow:
    d = view.deadline
    status = view.status
    if status in ("open", "overdue"):  # as of the report's `now`, not the view's clock
        status = "overdue" if now > view.due_at else "open"
    return DeadlineRow(
        deadline_id=d.id,
        title=d.title,
        role_title=playbook.role_title(d.role),
        applies_if=d.applies_if,
        applies=view.applies,
        due_at=view.due_at,
        status=status,
        done_at=view.done_at,
        note=view.note,
    )


def _risk(entries: Sequence[Entry]) -> RiskAssessment | None:
    latest = next((e for e in reversed(entries) if e.kind == LogKind.RISK_ASSESSMENT), None)
    if latest is None:
        return None
    data = latest.data
    return RiskAssessment(
        at=latest.ts,
        actor=latest.actor,
        nature=data_str(data, "nature"),
        recipient=data_str(data, "recipient"),
        acquired=data_str(data, "acquired"),
        mitigation=data_str(data, "mitigation"),
        affected=data_int(data, "affected"),
        state_residents_max=data_int(data, "state_residents_max"),
        breach=bool(data.get("breach", True)),  # presumed unless documented otherwise
        reason=data_str(data, "reason"),
    )


def _lessons(closing: Entry | None) -> str | None:
    if closing is None or "lessons" not in closing.data:
        return None
    return data_str(closing.data, "lessons").strip() or None
