"""Use cases: everything a responder can do, as plain functions.

Each function runs in one transaction: it locks the incident, checks access, changes
state through the incident's machine, appends log entries and writes outbox intents,
then commits. Slack, the CLI and tests all call these. Repeating a call that already
took effect changes nothing and logs nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy import text as sql_text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.errors import (
    IncidentClosed,
    InvalidInput,
    NotAllowed,
    NotFound,
    PhaseIncomplete,
    StepBlocked,
)
from bot.incidents import access, privacy
from bot.incidents import log as incident_log
from bot.incidents.context import (
    MAX_REASON,
    MAX_TEXT,
    MAX_TITLE,
    Context,
    Outcome,
    append_log,
    check_discovered,
    check_user,
    clean_text,
    enqueue,
    holders_in,
    lock,
    require_open,
    transaction,
)
from bot.incidents.deadlines import deadline_facts, required_now
from bot.incidents.log import LogKind
from bot.incidents.machine import (
    IncidentMachine,
    done_dependents,
    open_dependencies,
)
from bot.incidents.queries import membership, playbook_of, role_holders, step_statuses
from bot.outbox import Intent
from bot.people import MEMBER, names_in, standing_in
from bot.playbooks.load import load_one
from bot.playbooks.model import CLOSED, SEVERITIES, Playbook, Step, UnknownPlaybook
from bot.store.models import Incident, RoleAssignment, StepState

CHANNEL = re.compile(r"^[CGD][A-Z0-9]{2,30}$")
_NUMBER_LOCK = 0x494E43 << 16  # advisory lock key space for incident numbers, per year


# -- use cases ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Opening:
    """A start request, checked: everything the new incident is made of."""

    playbook: Playbook
    title: str
    description: str
    severity: str
    roles: dict[str, str]
    channel_id: str | None
    discovered_at: dt.datetime | None
    drill: bool


def start_incident(
    ctx: Context,
    *,
    playbook_id: str,
    title: str,
    actor: str,
    severity: str | None = None,
    description: str = "",
    channel_id: str | None = None,
    discovered_at: dt.datetime | None = None,
    drill: bool = False,
    assignments: Mapping[str, str] | None = None,
    start_key: str | None = None,
    channel_shared: bool = False,
    channel_private: bool | None = None,
) -> Outcome:
    """Open an incident from a playbook; the actor holds the commander role until
    someone else is assigned. A repeated `start_key` returns the incident it started.
    `channel_shared`: the channel is shared with another organisation (Slack Connect),
    refused unless the playbook allows it. `channel_private`: whether the channel is
    private (None: not known here), which a confidential playbook's incident needs."""
    actor = check_user(actor, "actor")
    opening = _check_opening(
        ctx,
        playbook_id=playbook_id,
        title=title,
        actor=actor,
        severity=severity,
        description=description,
        channel_id=channel_id,
        discovered_at=discovered_at,
        drill=drill,
        assignments=assignments or {},
    )
    kept = privacy.screen(
        ctx, actor=actor, action="start", ref=None, texts={"description": opening.description}
    )
    for _attempt in range(5):  # two processes may pick the same number on PostgreSQL
        try:
            with transaction(ctx, action="start", actor=actor, ref=None) as session:
                _may_start(session, ctx, opening, actor, channel_shared, channel_private)
                if start_key is not None:
                    existing = session.scalar(
                        select(Incident.ref).where(Incident.start_key == start_key)
                    )
                    if existing is not None:
                        return Outcome(existing, False, f"{existing} was already started")
                incident, seq = _open_incident(session, ctx, opening, actor, start_key, kept)
                ref = incident.ref
            first = opening.playbook.phases[0].title
            return Outcome(
                ref, True, f"{ref} started ({opening.playbook.title}); phase {first}", seq
            )
        except IntegrityError as err:
            # A double-submitted form racing this one (same start_key): go round and
            # return the incident it started. Anything else is a real error.
            if "start_key" not in str(err.orig):
                raise
    raise InvalidInput("could not start the incident; try again")


def _check_opening(
    ctx: Context,
    *,
    playbook_id: str,
    title: str,
    actor: str,
    severity: str | None,
    description: str,
    channel_id: str | None,
    discovered_at: dt.datetime | None,
    drill: bool,
    assignments: Mapping[str, str],
) -> _Opening:
    """Every argument of a start, checked before anything is written."""
    title = clean_text(title, "title", MAX_TITLE, field="title", single_line=True)
    privacy.refuse_in_title(ctx, title)
    description = (
        clean_text(description, "description", MAX_TEXT, field="description")
        if description.strip()
        else ""
    )
    try:
        playbook = load_one(ctx.playbooks_dir, ctx.messages_dir, playbook_id)
    except UnknownPlaybook as err:
        raise NotFound(str(err), field="playbook_id") from None
    severity = (severity or playbook.severity).strip().lower()
    if severity not in SEVERITIES:
        raise InvalidInput(
            f"severity {severity!r} is not one of {', '.join(SEVERITIES)}", field="severity"
        )
    roles = {playbook.commander_role: actor}
    for role_id, user in assignments.items():
        if not playbook.has_role(role_id):
            raise InvalidInput(f"{playbook.id} has no role {role_id!r}", field=f"roles.{role_id}")
        roles[role_id] = check_user(user, field=f"roles.{role_id}")
    if discovered_at is not None:
        check_discovered(discovered_at, ctx.clock())
    if channel_id is not None and not CHANNEL.match(channel_id):
        raise InvalidInput(
            f"channel {channel_id[:40]!r} is not a Slack channel id (like C0123ABCD)",
            field="channel_id",
        )
    return _Opening(playbook, title, description, severity, roles, channel_id, discovered_at, drill)


def _may_start(
    session: Session,
    ctx: Context,
    opening: _Opening,
    actor: str,
    channel_shared: bool,
    channel_private: bool | None,
) -> None:
    """Only the workspace's members start incidents and hold roles in them, only in the
    organisation's own channels unless the playbook says otherwise, and a confidential
    playbook's only in a private channel."""
    standing = standing_in(session, actor)
    if standing != MEMBER:
        who = names_in(session, [actor]).get(actor, actor)
        raise NotAllowed(access.standing_refusal(who, standing, "start an incident"))
    members = None
    if opening.playbook.confidential and channel_private is not False:
        members = membership(ctx.channel_member, opening.channel_id)
    for role_id, user_id in opening.roles.items():
        if user_id != actor:
            _may_hold(session, user_id, f"roles.{role_id}", members)
    if channel_shared and not opening.playbook.shared_channels:
        raise NotAllowed(
            f"<#{opening.channel_id}> is shared with another organisation (Slack Connect), "
            f"and {opening.playbook.title} incidents run only in your organisation's own "
            "channels: start it in a channel only your organisation's people are in.",
            field="channel_id",
        )
    if opening.playbook.confidential and channel_private is False:
        raise NotAllowed(
            f"{opening.playbook.title} incidents are confidential, so they run in a private "
            f"channel, and <#{opening.channel_id}> is not one. Create a private channel "
            "(for example #inc-privacy), invite @crisisbot and only the people who need to "
            "know, then start it there.",
            field="channel_id",
        )


def _open_incident(
    session: Session,
    ctx: Context,
    o: _Opening,
    actor: str,
    start_key: str | None,
    kept: list[dict[str, Any]],
) -> tuple[Incident, int]:
    """The incident row with the year's next number, its steps, roles and first entries."""
    now = ctx.clock()
    if not ctx.db.is_sqlite:  # SQLite's BEGIN IMMEDIATE already serialises this
        session.execute(
            sql_text("SELECT pg_advisory_xact_lock(:k)"), {"k": _NUMBER_LOCK + now.year}
        )
    number = 1 + (
        session.scalar(select(func.max(Incident.number)).where(Incident.year == now.year)) or 0
    )
    playbook = o.playbook
    incident = Incident(
        ref=f"INC-{now.year}-{number:04d}",
        year=now.year,
        number=number,
        playbook_id=playbook.id,
        playbook_hash=playbook.hash,
        playbook_snapshot=playbook.to_dict(),
        title=o.title,
        description=o.description,
        severity=o.severity,
        phase=playbook.phases[0].id,
        phase_entered_at=now,
        drill=o.drill,
        channel_id=o.channel_id,
        opened_by=actor,
        opened_at=now,
        discovered_at=o.discovered_at or now,
        head_seq=0,
        head_hash=incident_log.GENESIS,
        start_key=start_key,
    )
    session.add(incident)
    session.flush()
    session.add_all(
        StepState(incident_id=incident.id, step_id=s.id, status="open") for s in playbook.steps
    )
    seq = append_log(
        session,
        ctx,
        incident,
        actor,
        LogKind.STARTED,
        f"{'Drill' if o.drill else 'Incident'} started from playbook {playbook.title}: {o.title}",
        playbook=playbook.id,
        playbook_hash=playbook.hash,
        severity=o.severity,
        phase=incident.phase,
        discovered_at=incident_log.format_ts(incident.discovered_at),
        drill=o.drill,
        channel=o.channel_id,
        **privacy.logged(kept),
    )
    for role_id, user in o.roles.items():
        session.add(
            RoleAssignment(
                incident_id=incident.id,
                role_id=role_id,
                user_id=user,
                assigned_by=actor,
                assigned_at=now,
            )
        )
        append_log(
            session,
            ctx,
            incident,
            actor,
            LogKind.ROLE_ASSIGNED,
            f"{playbook.role(role_id).title}: {user}",
            role=role_id,
            user=user,
        )
    enqueue(session, ctx, incident, Intent.INCIDENT_STARTED)
    return incident, seq


def assign_role(ctx: Context, *, incident: str, role_id: str, user_id: str, actor: str) -> Outcome:
    """Give a role to a user (one holder per role); the commander role moves command."""
    return assign_roles(ctx, incident=incident, changes={role_id: user_id}, actor=actor)


def unassign_role(ctx: Context, *, incident: str, role_id: str, actor: str) -> Outcome:
    """Leave a role empty (not the commander's: someone must hold command)."""
    return assign_roles(ctx, incident=incident, changes={role_id: None}, actor=actor)


def assign_roles(
    ctx: Context, *, incident: str, changes: Mapping[str, str | None], actor: str
) -> Outcome:
    """Give roles to people, or (None) leave them empty, all or nothing: a refusal for
    one role leaves every role as it was. Command is handed over last, so the other
    roles are still assigned by the commander."""
    wanted = {
        role: None if user is None else check_user(user, field=f"roles.{role}")
        for role, user in changes.items()
    }
    with transaction(ctx, action="assign", actor=actor, ref=incident) as session:
        inc = lock(session, incident)
        require_open(inc)
        playbook = playbook_of(inc)
        texts: list[str] = []
        seq = None
        assigned: list[int] = []
        for role_id in sorted(wanted, key=lambda role: role == playbook.commander_role):
            done = _set_role(session, ctx, inc, playbook, role_id, wanted[role_id], actor)
            if done is not None:
                text, seq = done
                texts.append(text)
                if wanted[role_id] is not None:
                    assigned.append(seq)
        if not texts:
            unchanged = ", ".join(
                f"{user} already holds {role}" if user else f"{role} is already unassigned"
                for role, user in wanted.items()
            )
            return Outcome(inc.ref, False, unchanged)
        enqueue(session, ctx, inc, Intent.REFRESH)
        if assigned:  # one notice for the whole form, not one message per role
            group = {"seqs": assigned} if len(assigned) > 1 else {}
            enqueue(session, ctx, inc, Intent.ANNOUNCE, seq=assigned[0], **group)
        return Outcome(inc.ref, True, "; ".join(texts), seq)


def _set_role(
    session: Session,
    ctx: Context,
    inc: Incident,
    playbook: Playbook,
    role_id: str,
    user_id: str | None,
    actor: str,
) -> tuple[str, int] | None:
    """One role's new holder (None: nobody), logged; None when it already was so."""
    field = f"roles.{role_id}"
    if not playbook.has_role(role_id):
        known = ", ".join(r.id for r in playbook.roles)
        raise NotFound(f"{inc.ref} has no role {role_id!r} (roles: {known})", field=field)
    roles = role_holders(session, inc)
    facts = holders_in(session, ctx, inc, roles)
    access.require(actor, "assign", facts, field=field)
    title = playbook.role(role_id).title
    previous = roles.get(role_id)
    if user_id is not None and user_id != previous:
        _may_hold(session, user_id, field, facts.in_channel if facts.confidential else None)
    if user_id is None:
        if role_id == playbook.commander_role:
            raise InvalidInput(
                "the commander role cannot be left empty; assign someone else instead",
                field=field,
            )
        if previous is None:
            return None
        session.execute(
            delete(RoleAssignment).where(
                RoleAssignment.incident_id == inc.id, RoleAssignment.role_id == role_id
            )
        )
        text = f"{title}: unassigned (was {previous})"
        seq = append_log(
            session, ctx, inc, actor, LogKind.ROLE_UNASSIGNED, text, role=role_id, previous=previous
        )
        return text, seq
    if previous == user_id:
        return None
    now = ctx.clock()
    if previous is None:
        session.add(
            RoleAssignment(
                incident_id=inc.id,
                role_id=role_id,
                user_id=user_id,
                assigned_by=actor,
                assigned_at=now,
            )
        )
    else:
        session.execute(
            update(RoleAssignment)
            .where(RoleAssignment.incident_id == inc.id, RoleAssignment.role_id == role_id)
            .values(user_id=user_id, assigned_by=actor, assigned_at=now)
        )
    text = f"{title}: {user_id}" + (f" (was {previous})" if previous else "")
    seq = append_log(
        session,
        ctx,
        inc,
        actor,
        LogKind.ROLE_ASSIGNED,
        text,
        role=role_id,
        user=user_id,
        previous=previous,
    )
    return text, seq


def _may_hold(
    session: Session,
    user_id: str,
    field: str,
    in_channel: Callable[[str], bool | None] | None = None,
) -> None:
    """Refuse a role to a guest or someone from another organisation, or (`in_channel`
    given, for a confidential incident) someone not in its channel, by name."""
    why = access.may_hold(
        names_in(session, [user_id]).get(user_id, user_id),
        standing_in(session, user_id),
        in_channel(user_id) if in_channel is not None else True,
    )
    if why is not None:
        raise NotAllowed(why, field=field)


def open_step_for(
    session: Session, ctx: Context, inc: Incident, step_id: str, actor: str, action: str
) -> Step:
    """The step `actor` acts on in an open incident (its row locked), refused when there
    is no such step or `action` on it is not theirs (the step's owner, the commander or
    an admin, as access says)."""
    require_open(inc)
    playbook = playbook_of(inc)
    if not playbook.has_step(step_id):
        raise NotFound(f"{inc.ref} has no step {step_id!r}", field="step_id")
    step = playbook.step(step_id)
    access.require(
        actor,
        action,
        holders_in(session, ctx, inc),
        step_role=step.role,
        step_title=step.title,
    )
    return step


def _change_step(
    ctx: Context,
    *,
    incident: str,
    step_id: str,
    actor: str,
    action: str,
    reason: str | None = None,
    kept: list[dict[str, Any]] | None = None,
) -> Outcome:
    target = {"complete_step": "done", "reopen_step": "open", "skip_step": "skipped"}[action]
    with transaction(ctx, action=action, actor=actor, ref=incident) as session:
        inc = lock(session, incident)
        playbook = playbook_of(inc)
        step = open_step_for(session, ctx, inc, step_id, actor, action)
        status = step_statuses(session, inc)
        if status[step_id] == target:
            return Outcome(inc.ref, False, f"{step_id} is already {target}")
        if target == "done":  # a step that waits may still be skipped: it is not done
            waiting = open_dependencies(playbook, step_id, status)
            if waiting:
                names = "; ".join(f"“{s.title}”" for s in waiting)
                raise StepBlocked(
                    f"“{step.title}” waits for {names}: finish or skip that first,"
                    " or skip this one with a reason"
                )
        else:
            after = done_dependents(playbook, step_id, status)
            if after:
                names = ", ".join(s.id for s in after)
                raise StepBlocked(
                    f"{step_id} cannot be reopened while {names} (which depend on it) are finished"
                )
        previous = status[step_id]
        session.execute(
            update(StepState)
            .where(StepState.incident_id == inc.id, StepState.step_id == step_id)
            .values(status=target, changed_by=actor, changed_at=ctx.clock(), reason=reason)
        )
        kind = {
            "done": LogKind.STEP_DONE,
            "open": LogKind.STEP_REOPENED,
            "skipped": LogKind.STEP_SKIPPED,
        }[target]
        verb = {"done": "Done", "open": "Reopened", "skipped": "Skipped"}[target]
        text = f"{verb}: {step.title}" + (f" (reason: {reason})" if reason else "")
        data: dict[str, Any] = {"step": step_id, "phase": step.phase, "previous": previous}
        if reason:
            data["reason"] = reason
        data.update(privacy.logged(kept or []))
        seq = append_log(session, ctx, inc, actor, kind, text, **data)
        enqueue(session, ctx, inc, Intent.REFRESH)
        return Outcome(inc.ref, True, text, seq)


def complete_step(ctx: Context, *, incident: str, step_id: str, actor: str) -> Outcome:
    """Mark a step done; refused while its dependencies are open."""
    return _change_step(
        ctx, incident=incident, step_id=step_id, actor=actor, action="complete_step"
    )


def reopen_step(ctx: Context, *, incident: str, step_id: str, actor: str) -> Outcome:
    """Mark a done or skipped step open again."""
    return _change_step(ctx, incident=incident, step_id=step_id, actor=actor, action="reopen_step")


def skip_step(ctx: Context, *, incident: str, step_id: str, actor: str, reason: str) -> Outcome:
    """Skip a step, with a reason that goes into the log."""
    reason = clean_text(reason, "reason", MAX_REASON, field="reason")
    kept = privacy.screen(
        ctx, actor=actor, action="skip_step", ref=incident, texts={"reason": reason}
    )
    return _change_step(
        ctx,
        incident=incident,
        step_id=step_id,
        actor=actor,
        action="skip_step",
        reason=reason,
        kept=kept,
    )


def add_note(ctx: Context, *, incident: str, text: str, actor: str) -> Outcome:
    """Add a note to the log (allowed after close: follow-ups are part of the record)."""
    text = clean_text(text, "note", MAX_TEXT, field="text")
    kept = privacy.screen(ctx, actor=actor, action="note", ref=incident, texts={"text": text})
    with transaction(ctx, action="note", actor=actor, ref=incident) as session:
        inc = lock(session, incident)
        seq = append_log(session, ctx, inc, actor, LogKind.NOTE, text, **privacy.logged(kept))
        enqueue(session, ctx, inc, Intent.ANNOUNCE, seq=seq)
        return Outcome(inc.ref, True, "note added", seq)


def request_report(ctx: Context, *, incident: str, actor: str) -> Outcome:
    """Post the post-incident report (a summary and the HTML file) in the incident's
    thread. Any member may ask: leadership reads it."""
    with transaction(ctx, action="report", actor=actor, ref=incident) as session:
        inc = lock(session, incident)
        access.require(actor, "report", holders_in(session, ctx, inc))
        if inc.channel_id is None:
            raise InvalidInput(
                f"{inc.ref} has no Slack thread; run `crisisbot report {inc.ref}` instead"
            )
        enqueue(session, ctx, inc, Intent.REPORT, requested_by=actor)
        return Outcome(inc.ref, True, f"the report of {inc.ref} will be posted in its thread")


def record_unmasked_report(ctx: Context, *, incident: str, actor: str) -> Outcome:
    """The unmasked report shows the identifiers people typed: who built it is kept in the
    log (allowed after close: the record is read long after)."""
    with transaction(ctx, action="report", actor=actor, ref=incident) as session:
        inc = lock(session, incident)
        seq = append_log(
            session,
            ctx,
            inc,
            actor,
            LogKind.REPORT_UNMASKED,
            "Built the unmasked report (identifiers in notes and replies shown)",
        )
        return Outcome(inc.ref, True, "unmasked report built; the log records it", seq)


def advance_phase(
    ctx: Context,
    *,
    incident: str,
    actor: str,
    expected_phase: str | None = None,
    override_reason: str | None = None,
) -> Outcome:
    """Move to the next phase when the current one's required steps are finished.

    `expected_phase` makes a repeated click harmless: if the incident already left that
    phase, nothing happens. An override (commander or admin) needs a reason.
    """
    return _transition(
        ctx,
        incident=incident,
        actor=actor,
        expected_phase=expected_phase,
        override_reason=override_reason,
        closing=False,
    )


def close_incident(
    ctx: Context,
    *,
    incident: str,
    actor: str,
    override_reason: str | None = None,
    lessons: str = "",
) -> Outcome:
    """Close from the last phase once its required steps are finished (or override),
    with the lessons learned for the report."""
    return _transition(
        ctx,
        incident=incident,
        actor=actor,
        expected_phase=None,
        override_reason=override_reason,
        closing=True,
        lessons=(
            clean_text(lessons, "lessons learned", MAX_TEXT, field="lessons")
            if lessons.strip()
            else ""
        ),
    )


def _transition(
    ctx: Context,
    *,
    incident: str,
    actor: str,
    expected_phase: str | None,
    override_reason: str | None,
    closing: bool,
    lessons: str = "",
) -> Outcome:
    reason = (
        clean_text(override_reason, "override reason", MAX_REASON, field="override_reason")
        if override_reason
        else None
    )
    action = "close" if closing else "advance"
    kept = privacy.screen(
        ctx,
        actor=actor,
        action=action,
        ref=incident,
        texts={"override_reason": reason or "", "lessons": lessons},
    )
    with transaction(ctx, action=action, actor=actor, ref=incident) as session:
        inc = lock(session, incident)
        if inc.phase == CLOSED:
            if closing:
                return Outcome(inc.ref, False, f"{inc.ref} is already closed")
            raise IncidentClosed(f"{inc.ref} is closed; it has no next phase")
        playbook = playbook_of(inc)
        if expected_phase is not None and expected_phase != inc.phase:
            return Outcome(
                inc.ref, False, f"{inc.ref} already left {expected_phase}; it is in {inc.phase}"
            )
        facts = holders_in(session, ctx, inc)
        access.require(actor, action, facts)
        if reason:
            access.require(actor, "override", facts)
        assessment = deadline_facts(session, inc)[0] if playbook.deadlines else None
        machine = IncidentMachine(
            playbook, inc.phase, step_statuses(session, inc), required_now(playbook, assessment)
        )
        source = inc.phase
        trigger = ("force_" if reason else "") + ("close" if closing else "advance")
        if not machine.allows(trigger):
            if closing:
                raise PhaseIncomplete(
                    f"{inc.ref} is in {playbook.phase(source).title}; it closes from "
                    f"{playbook.phases[-1].title}: advance first, or close with an override reason"
                )
            raise PhaseIncomplete(f"{inc.ref} is in its last phase; close it instead")
        open_steps = machine.open_steps(closing=closing)
        if not machine.try_trigger(trigger):
            where = "The incident" if closing else playbook.phase(source).title
            shown = "; ".join(f"“{s.title}”" for s in open_steps[:3])
            more = f"; and {len(open_steps) - 3} more" if len(open_steps) > 3 else ""
            raise PhaseIncomplete(
                f"{where} has {len(open_steps)} required step(s) open: {shown}{more}. "
                "Finish or skip them, or give a reason to override."
            )
        now = ctx.clock()
        inc.phase, inc.phase_entered_at = machine.state, now
        data: dict[str, Any] = {"from": source, "to": machine.state}
        if reason:
            data.update(override=True, reason=reason, open_steps=[s.id for s in open_steps])
        if closing:
            inc.closed_at = now
            text = f"Closed (from {playbook.phase(source).title})"
            kind = LogKind.CLOSED
            data["lessons"] = lessons
        else:
            text = f"Phase: {playbook.phase(source).title} -> {playbook.phase(machine.state).title}"
            kind = LogKind.PHASE_CHANGED
        if reason:
            text += f" by override (reason: {reason}; open: {', '.join(s.id for s in open_steps) or 'none'})"
        data.update(privacy.logged(kept))
        seq = append_log(session, ctx, inc, actor, kind, text, **data)
        enqueue(session, ctx, inc, Intent.REFRESH)
        enqueue(session, ctx, inc, Intent.ANNOUNCE, seq=seq)
        if closing:  # leadership reads the report: it is posted when the incident closes
            enqueue(session, ctx, inc, Intent.REPORT, requested_by=actor)
        return Outcome(inc.ref, True, text, seq)
