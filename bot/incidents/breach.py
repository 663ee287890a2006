"""The HIPAA breach clock's use cases: when the breach was discovered, the four-factor
risk assessment that decides which notifications apply, and deadlines met outside the
checklist. `deadlines` computes what they mean."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from bot.errors import InvalidInput, NotFound
from bot.incidents import access, events, privacy
from bot.incidents import log as incident_log
from bot.incidents.context import (
    MAX_REASON,
    Context,
    Outcome,
    append_log,
    check_discovered,
    clean_text,
    enqueue,
    holders_in,
    lock,
    require_open,
    transaction,
)
from bot.incidents.log import LogKind
from bot.incidents.queries import playbook_of
from bot.outbox import Intent
from bot.playbooks.model import ASSESSMENT_RECORDED, DISCOVERY_SET


def set_discovered(
    ctx: Context, *, incident: str, discovered_at: dt.datetime, actor: str
) -> Outcome:
    """Correct when the problem was discovered (HIPAA clocks count from discovery)."""
    with transaction(ctx, action="set_discovered", actor=actor, ref=incident) as session:
        inc = lock(session, incident)
        require_open(inc)
        playbook = playbook_of(inc)
        access.require(
            actor,
            "set_discovered",
            holders_in(session, ctx, inc),
        )
        check_discovered(discovered_at, ctx.clock())
        if discovered_at == inc.discovered_at:
            return Outcome(inc.ref, False, "discovery time unchanged")
        previous = incident_log.format_ts(inc.discovered_at)
        inc.discovered_at = discovered_at
        when = incident_log.format_ts(discovered_at)
        seq = append_log(
            session,
            ctx,
            inc,
            actor,
            LogKind.DISCOVERED_SET,
            f"Discovered at {when} (was {previous})",
            discovered_at=when,
            previous=previous,
        )
        events.complete_by(
            session, ctx, inc, playbook, actor, DISCOVERY_SET, what=f"discovery time set to {when}"
        )
        enqueue(session, ctx, inc, Intent.REFRESH)
        return Outcome(inc.ref, True, f"discovered at {when}", seq)


# The assessment's fields a person types in words (checked for patient details).
TEXT_FIELDS = ("nature", "recipient", "acquired", "mitigation", "reason")


@dataclass(frozen=True)
class Assessment:
    """The HIPAA four-factor breach risk assessment (45 CFR 164.402), as recorded."""

    nature: str  # nature and extent of the PHI: identifiers, likelihood of re-identification
    recipient: str  # who received or used it
    acquired: str  # whether it was actually acquired or viewed
    mitigation: str  # how far the risk was mitigated
    affected: int  # people whose PHI was involved
    state_residents_max: int  # most residents of any one state or jurisdiction among them
    breach: bool  # False only when the assessment shows a low probability of compromise
    reason: str  # the determination, in words

    def to_data(self) -> dict[str, Any]:
        return dict(self.__dict__)


def record_assessment(
    ctx: Context, *, incident: str, assessment: Assessment, actor: str
) -> Outcome:
    """Record (or revise) the breach risk assessment; the latest one decides which
    notification deadlines apply."""
    a = Assessment(
        nature=clean_text(
            assessment.nature, "nature and extent of the information", MAX_REASON, field="nature"
        ),
        recipient=clean_text(
            assessment.recipient, "who received or used it", MAX_REASON, field="recipient"
        ),
        acquired=clean_text(
            assessment.acquired, "whether it was acquired or viewed", MAX_REASON, field="acquired"
        ),
        mitigation=clean_text(
            assessment.mitigation, "how far the risk was mitigated", MAX_REASON, field="mitigation"
        ),
        affected=assessment.affected,
        state_residents_max=assessment.state_residents_max,
        breach=bool(assessment.breach),
        reason=clean_text(assessment.reason, "the determination", MAX_REASON, field="reason"),
    )
    if not 0 <= a.affected <= 10_000_000_000:
        raise InvalidInput("the number of people affected must be 0 or more", field="affected")
    if not 0 <= a.state_residents_max <= a.affected:
        raise InvalidInput(
            "the residents of one state cannot be more than the people affected in all",
            field="state_residents_max",
        )
    kept = privacy.screen(
        ctx,
        actor=actor,
        action="assess",
        ref=incident,
        texts={name: getattr(a, name) for name in TEXT_FIELDS},
    )
    with transaction(ctx, action="assess", actor=actor, ref=incident) as session:
        inc = lock(session, incident)
        require_open(inc)
        playbook = playbook_of(inc)
        access.require(
            actor,
            "assess",
            holders_in(session, ctx, inc),
        )
        verdict = "breach (notify)" if a.breach else "low probability of compromise (no breach)"
        text = f"Breach risk assessment: {verdict}; {a.affected} affected. {a.reason}"
        seq = append_log(
            session,
            ctx,
            inc,
            actor,
            LogKind.RISK_ASSESSMENT,
            text,
            **a.to_data(),
            **privacy.logged(kept),
        )
        events.complete_by(
            session, ctx, inc, playbook, actor, ASSESSMENT_RECORDED, what="assessment recorded"
        )
        enqueue(session, ctx, inc, Intent.REFRESH)
        enqueue(session, ctx, inc, Intent.ANNOUNCE, seq=seq)
        return Outcome(inc.ref, True, text, seq)


def record_deadline_met(
    ctx: Context,
    *,
    incident: str,
    deadline_id: str,
    done_at: dt.datetime,
    actor: str,
    note: str = "",
) -> Outcome:
    """Record when a calendar deadline was met (e.g. the annual HHS submission, months
    after close). Allowed after close: these obligations outlive the incident."""
    note = clean_text(note, "note", MAX_REASON, field="note") if note.strip() else ""
    kept = privacy.screen(
        ctx, actor=actor, action="deadline_met", ref=incident, texts={"note": note}
    )
    with transaction(ctx, action="assess", actor=actor, ref=incident) as session:
        inc = lock(session, incident)
        playbook = playbook_of(inc)
        access.require(
            actor,
            "assess",
            holders_in(session, ctx, inc),
        )
        deadline = next((d for d in playbook.deadlines if d.id == deadline_id), None)
        if deadline is None:
            known = ", ".join(d.id for d in playbook.deadlines) or "none"
            raise NotFound(f"{inc.ref} has no deadline {deadline_id!r} (deadlines: {known})")
        if done_at > ctx.clock():
            raise InvalidInput("the time it was met is in the future")
        if done_at < inc.discovered_at:
            raise InvalidInput("the time it was met is before the incident was discovered")
        when = incident_log.format_ts(done_at)
        text = f"Deadline met: {deadline.title} ({when})" + (f"; {note}" if note else "")
        seq = append_log(
            session,
            ctx,
            inc,
            actor,
            LogKind.DEADLINE_MET,
            text,
            deadline=deadline_id,
            done_at=when,
            note=note,
            **privacy.logged(kept),
        )
        enqueue(session, ctx, inc, Intent.REFRESH)
        enqueue(session, ctx, inc, Intent.ANNOUNCE, seq=seq)
        return Outcome(inc.ref, True, text, seq)
