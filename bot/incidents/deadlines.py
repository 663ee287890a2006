"""The HIPAA breach clock: when each notification deadline of a playbook falls due
(from discovery, in the organisation's calendar), whether it applies after the risk
assessment, and whether it was met."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.incidents import log as incident_log
from bot.incidents.log import LogKind
from bot.playbooks.model import Deadline, Playbook
from bot.store.models import Incident, LogEntry, StepState


@dataclass(frozen=True)
class DeadlineView:
    deadline: Deadline
    due_at: dt.datetime
    # met | late | open | overdue | not-required | skipped
    status: str = "open"
    done_at: dt.datetime | None = None  # when its step was done
    applies: bool | None = None  # None: no assessment yet, so it is presumed to apply
    note: str = ""


def applies_if(condition: str, assessment: dict[str, Any] | None) -> bool | None:
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
    applies = applies_if(deadline.applies_if, assessment)
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


def required_now(playbook: Playbook, assessment: dict[str, Any] | None) -> dict[str, bool]:
    """Steps whose requirement the risk assessment decides, by step id: the step of a
    deadline the assessment says applies is required (notifying the media once more than
    500 residents of a state are affected), the step of one it says does not apply is not.
    Without an assessment, and for other steps, the playbook's `required` stands."""
    if assessment is None:
        return {}
    decided: dict[str, bool] = {}
    for d in playbook.deadlines:
        if d.step is None:
            continue
        applies = assessment.get("breach", True) and applies_if(d.applies_if, assessment)
        decided[d.step] = decided.get(d.step, False) or bool(applies)
    return decided


def deadline_facts(
    session: Session, incident: Incident
) -> tuple[dict[str, Any] | None, dict[str, dt.datetime]]:
    """The latest risk assessment and the deadlines recorded as met, in one query."""
    assessment: dict[str, Any] | None = None
    met: dict[str, dt.datetime] = {}
    rows = session.execute(
        select(LogEntry.kind, LogEntry.data)
        .where(
            LogEntry.incident_id == incident.id,
            LogEntry.kind.in_((LogKind.RISK_ASSESSMENT, LogKind.DEADLINE_MET)),
        )
        .order_by(LogEntry.seq)
    )
    for kind, data in rows:
        if kind == LogKind.RISK_ASSESSMENT:
            assessment = dict(data)
        else:
            met[str(data["deadline"])] = incident_log.parse_ts(str(data["done_at"]))
    return assessment, met


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
