"""Steps that an event completes: a playbook step may say `completed_by:` an event
(a statement of a template published, the risk assessment recorded, the discovery time
set), and when that event is recorded the step is marked done in the same transaction,
by the person who did it, with the event named in the log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.incidents.context import Context, append_log, enqueue
from bot.incidents.log import LogKind
from bot.incidents.queries import step_statuses
from bot.outbox import Intent
from bot.playbooks.model import CLOSED, Playbook
from bot.store.models import Incident, StepState


def complete_by(
    session: Session,
    ctx: Context,
    inc: Incident,
    playbook: Playbook,
    actor: str,
    event: str,
    *,
    what: str,
    template: str | None = None,
    **data: Any,
) -> list[int]:
    """Mark done every open step this event completes; `what` says what happened, in
    words ("statement 1 published on X"). Returns the log entries' sequence numbers."""
    if inc.phase == CLOSED:
        return []
    wanted = event if template is None else f"{event}:{template}"
    steps = [s for s in playbook.steps if s.completed_by == wanted]
    if not steps:
        return []
    status = step_statuses(session, inc)
    seqs = []
    for step in steps:
        if status.get(step.id) != "open":
            continue
        session.execute(
            update(StepState)
            .where(StepState.incident_id == inc.id, StepState.step_id == step.id)
            .values(status="done", changed_by=actor, changed_at=ctx.clock(), reason=None)
        )
        seqs.append(
            append_log(
                session,
                ctx,
                inc,
                actor,
                LogKind.STEP_DONE,
                f"Done: {step.title} ({what})",
                step=step.id,
                phase=step.phase,
                previous="open",
                completed_by=wanted,
                **data,
            )
        )
    if seqs:
        enqueue(session, ctx, inc, Intent.REFRESH)
    return seqs
