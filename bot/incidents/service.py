"""Use cases: everything a responder can do, as plain functions.

Each function runs in one transaction: it locks the incident, checks access, changes
state through the incident's machine, appends log entries and writes outbox intents,
then commits. Slack, the CLI and tests all call these. Repeating a call that already
took effect changes nothing and logs nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy import text as sql_text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.clock import Clock, utc_now
from bot.errors import (
    IncidentClosed,
    InvalidInput,
    NotAllowed,
    NotFound,
    PhaseIncomplete,
    StepBlocked,
)
from bot.incidents import access
from bot.incidents import log as incident_log
from bot.incidents.machine import (
    IncidentMachine,
    done_dependents,
    open_dependencies,
    open_required_steps,
)
from bot.phi.model import Org
from bot.playbooks.model import CLOSED, SEVERITIES, Playbook, UnknownPlaybook, load_one
from bot.store import Database
from bot.store.models import Incident, OutboxIntent, Refusal, RoleAssignment, StepState

REF = re.compile(r"^INC-(\d{4})-(\d{4,})$")
USER = re.compile(r"^[A-Za-z0-9._:@-]{1,64}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_TITLE = 3000
MAX_TEXT = 4000
MAX_REASON = 1000
EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
CHANNEL = re.compile(r"^[CGD][A-Z0-9]{2,30}$")
_NUMBER_LOCK = 0x494E43 << 16  # advisory lock key space for incident numbers, per year


@dataclass(frozen=True)
class Context:
    """What every use case needs besides its arguments."""

    db: Database
    playbooks_dir: Path
    messages_dir: Path
    clock: Clock = utc_now
    admins: frozenset[str] = field(default_factory=frozenset)
    # Called after a commit that wrote outbox intents: wakes the deliverer.
    on_commit: Callable[[], None] | None = None
    # Who is at the keyboard when acting for someone else (CLI --as); logged as `via`.
    via: str | None = None
    # How long a header refresh waits, so a burst of ticks updates the header once.
    header_delay: dt.timedelta = dt.timedelta(seconds=1.5)
    # The organisation's own name and contacts: allowed in statements, filled into them.
    org: Org = field(default_factory=Org)


@dataclass(frozen=True)
class Outcome:
    """What a use case did: `changed` is False when the call was a repeat."""

    incident: str
    changed: bool
    message: str
    seq: int | None = None


_PLAYBOOKS: dict[str, Playbook] = {}  # by snapshot hash: same hash, same playbook


def playbook_of(incident: Incident) -> Playbook:
    """The playbook the incident started with (edits to the file do not affect it).

    Parsed once per process per version: the snapshot column is only read on a miss."""
    playbook = _PLAYBOOKS.get(incident.playbook_hash)
    if playbook is None:
        playbook = Playbook.from_dict(incident.playbook_snapshot)
        if len(_PLAYBOOKS) > 256:
            _PLAYBOOKS.clear()
        _PLAYBOOKS[incident.playbook_hash] = playbook
    return playbook


# -- transactions ------------------------------------------------------------------------


@contextmanager
def _unit(ctx: Context, *, action: str, actor: str, ref: str | None) -> Iterator[Session]:
    """One transaction; a refusal is recorded afterwards in a transaction of its own,
    so the rollback of the refused change does not erase the record of it."""
    check_user(actor, "actor")  # malformed input is refused before anything is written
    if ref is not None:
        ref = normalise_ref(ref)
    try:
        with ctx.db.begin() as session:
            yield session
        if session.info.get("enqueued") and ctx.on_commit is not None:
            ctx.on_commit()
    except NotAllowed as refusal:
        with ctx.db.begin() as session:
            session.add(
                Refusal(
                    at=ctx.clock(),
                    actor=actor,
                    action=action,
                    incident_ref=ref,
                    reason=str(refusal),
                )
            )
        raise


def normalise_ref(ref: str) -> str:
    ref = ref.strip().upper()
    if not REF.match(ref):
        raise InvalidInput(f"{ref or 'empty'} is not an incident id (like INC-2026-0001)")
    return ref


def find_incident(session: Session, ref: str, *, lock: bool = False) -> Incident:
    """The incident row by its ref; raises NotFound. With `lock`, locked for this
    transaction (FOR UPDATE; SQLite already holds the write lock from BEGIN IMMEDIATE)."""
    query = select(Incident).where(Incident.ref == normalise_ref(ref))
    incident = session.scalars(query.with_for_update() if lock else query).one_or_none()
    if incident is None:
        raise NotFound(f"no incident {normalise_ref(ref)}")
    return incident


def _lock(session: Session, ref: str) -> Incident:
    """The incident row, locked for this transaction."""
    return find_incident(session, ref, lock=True)


def role_holders(session: Session, incident: Incident) -> dict[str, str]:
    rows = session.execute(
        select(RoleAssignment.role_id, RoleAssignment.user_id).where(
            RoleAssignment.incident_id == incident.id
        )
    )
    return {role: user for role, user in rows}


def step_states(session: Session, incident: Incident) -> dict[str, StepState]:
    rows = session.scalars(select(StepState).where(StepState.incident_id == incident.id))
    return {row.step_id: row for row in rows}


def step_statuses(session: Session, incident: Incident) -> dict[str, str]:
    """step id -> open | done | skipped, without loading whole rows."""
    rows = session.execute(
        select(StepState.step_id, StepState.status).where(StepState.incident_id == incident.id)
    )
    return {step: state for step, state in rows}


def _facts(
    ctx: Context, incident: Incident, playbook: Playbook, roles: Mapping[str, str]
) -> access.Holders:
    return access.Holders(
        ref=incident.ref,
        commander_role=playbook.commander_role,
        privacy_role=playbook.privacy_role,
        roles=roles,
        approver_roles=playbook.approvers,
        admins=ctx.admins,
    )


def _open(incident: Incident) -> None:
    if incident.phase == CLOSED:
        raise IncidentClosed(f"{incident.ref} is closed; nothing in it can change")


def _enqueue(session: Session, ctx: Context, incident: Incident, kind: str, **payload: Any) -> None:
    """Ask the deliverer to show something in Slack, after this transaction commits."""
    if incident.channel_id is None:
        return
    now = ctx.clock()
    session.info["enqueued"] = True
    if kind == "refresh":
        # The checklist now; the header (phase, roles, progress) a moment later and
        # once for a burst of changes, so a tick costs about one Slack call.
        query = select(OutboxIntent.id).where(
            OutboxIntent.incident_id == incident.id,
            OutboxIntent.kind == "refresh_header",
            OutboxIntent.done_at.is_(None),
            OutboxIntent.parked.is_(False),
            OutboxIntent.lease_owner.is_(None),
        )
        if not ctx.db.is_sqlite:
            # A refresh a deliverer is claiming right now may render the state before
            # this commit: skip it (it is locked) and queue a new one.
            query = query.with_for_update(skip_locked=True)
        pending = session.scalar(query.limit(1))
        if pending is None:
            session.add(
                OutboxIntent(
                    incident_id=incident.id,
                    kind="refresh_header",
                    payload={},
                    created_at=now,
                    available_at=now + ctx.header_delay,
                )
            )
    session.add(
        OutboxIntent(
            incident_id=incident.id, kind=kind, payload=payload, created_at=now, available_at=now
        )
    )


def _log(
    session: Session,
    ctx: Context,
    incident: Incident,
    actor: str,
    kind: str,
    text: str,
    **data: Any,
) -> int:
    if ctx.via and ctx.via != actor:
        data["via"] = ctx.via  # who really typed it, when acting for someone (--as)
    entry = incident_log.append(
        session, incident, ts=ctx.clock(), actor=actor, kind=kind, text=text, data=data
    )
    return entry.seq


# -- input checks ------------------------------------------------------------------------


def clean_text(value: str, what: str, limit: int, *, single_line: bool = False) -> str:
    """Strip, refuse empty, over-long or control-character text."""
    value = (value or "").strip()
    if single_line:
        value = " ".join(value.split())
    if not value:
        raise InvalidInput(f"{what} is empty")
    if _CONTROL.search(value):
        raise InvalidInput(f"{what} contains control characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(f"{what} contains bytes that are not UTF-8 text") from None
    if len(value) > limit:
        raise InvalidInput(f"{what} is too long ({len(value)} characters; at most {limit})")
    return value


def check_discovered(when: dt.datetime, now: dt.datetime) -> None:
    if when > now:
        raise InvalidInput("the discovery time is in the future")
    if when < EARLIEST:
        raise InvalidInput("the discovery time is before 2000; check the date")


def check_user(user: str, what: str = "user") -> str:
    user = (user or "").strip()
    if not USER.match(user):
        raise InvalidInput(
            f"{what} {user!r} is not a user id (a Slack id like U0123ABCD, or cli:NAME)"
        )
    return user


# -- use cases ---------------------------------------------------------------------------


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
) -> Outcome:
    """Open an incident from a playbook; the actor holds the commander role until
    someone else is assigned."""
    actor = check_user(actor, "actor")
    title = clean_text(title, "title", MAX_TITLE, single_line=True)
    description = clean_text(description, "description", MAX_TEXT) if description.strip() else ""
    try:
        playbook = load_one(ctx.playbooks_dir, ctx.messages_dir, playbook_id)
    except UnknownPlaybook as err:
        raise NotFound(str(err)) from None
    severity = (severity or playbook.severity).strip().lower()
    if severity not in SEVERITIES:
        raise InvalidInput(f"severity {severity!r} is not one of {', '.join(SEVERITIES)}")
    roles = {playbook.commander_role: actor}
    for role_id, user in (assignments or {}).items():
        if not playbook.has_role(role_id):
            raise InvalidInput(f"{playbook.id} has no role {role_id!r}")
        roles[role_id] = check_user(user)
    now = ctx.clock()
    if discovered_at is not None:
        check_discovered(discovered_at, now)
    if channel_id is not None and not CHANNEL.match(channel_id):
        raise InvalidInput(
            f"channel {channel_id[:40]!r} is not a Slack channel id (like C0123ABCD)"
        )

    for _attempt in range(5):  # two processes may pick the same number on PostgreSQL
        try:
            with _unit(ctx, action="start", actor=actor, ref=None) as session:
                if start_key is not None:
                    existing = session.scalar(
                        select(Incident.ref).where(Incident.start_key == start_key)
                    )
                    if existing is not None:
                        return Outcome(existing, False, f"{existing} was already started")
                if not ctx.db.is_sqlite:  # SQLite's BEGIN IMMEDIATE already serialises this
                    session.execute(
                        sql_text("SELECT pg_advisory_xact_lock(:k)"),
                        {"k": _NUMBER_LOCK + now.year},
                    )
                number = 1 + (
                    session.scalar(
                        select(func.max(Incident.number)).where(Incident.year == now.year)
                    )
                    or 0
                )
                incident = Incident(
                    ref=f"INC-{now.year}-{number:04d}",
                    year=now.year,
                    number=number,
                    playbook_id=playbook.id,
                    playbook_hash=playbook.hash,
                    playbook_snapshot=playbook.to_dict(),
                    title=title,
                    description=description,
                    severity=severity,
                    phase=playbook.phases[0].id,
                    phase_entered_at=now,
                    drill=drill,
                    channel_id=channel_id,
                    opened_by=actor,
                    opened_at=now,
                    discovered_at=discovered_at or now,
                    head_seq=0,
                    head_hash=incident_log.GENESIS,
                    start_key=start_key,
                )
                session.add(incident)
                session.flush()
                session.add_all(
                    StepState(incident_id=incident.id, step_id=s.id, status="open")
                    for s in playbook.steps
                )
                seq = _log(
                    session,
                    ctx,
                    incident,
                    actor,
                    "started",
                    f"{'Drill' if drill else 'Incident'} started from playbook {playbook.title}: {title}",
                    playbook=playbook.id,
                    playbook_hash=playbook.hash,
                    severity=severity,
                    phase=incident.phase,
                    discovered_at=incident_log.format_ts(incident.discovered_at),
                    drill=drill,
                    channel=channel_id,
                )
                for role_id, user in roles.items():
                    session.add(
                        RoleAssignment(
                            incident_id=incident.id,
                            role_id=role_id,
                            user_id=user,
                            assigned_by=actor,
                            assigned_at=now,
                        )
                    )
                    _log(
                        session,
                        ctx,
                        incident,
                        actor,
                        "role_assigned",
                        f"{playbook.role(role_id).title}: {user}",
                        role=role_id,
                        user=user,
                    )
                _enqueue(session, ctx, incident, "incident_started")
                ref = incident.ref
            return Outcome(
                ref,
                True,
                f"{ref} started ({playbook.title}); phase {playbook.phases[0].title}",
                seq,
            )
        except IntegrityError as err:
            # A double-submitted form racing this one (same start_key): go round and
            # return the incident it started. Anything else is a real error.
            if "start_key" not in str(err.orig):
                raise
    raise InvalidInput("could not start the incident; try again")


def assign_role(ctx: Context, *, incident: str, role_id: str, user_id: str, actor: str) -> Outcome:
    """Give a role to a user (one holder per role); the commander role moves command."""
    user_id = check_user(user_id)
    with _unit(ctx, action="assign", actor=actor, ref=incident) as session:
        inc = _lock(session, incident)
        _open(inc)
        playbook = playbook_of(inc)
        if not playbook.has_role(role_id):
            known = ", ".join(r.id for r in playbook.roles)
            raise NotFound(f"{inc.ref} has no role {role_id!r} (roles: {known})")
        roles = role_holders(session, inc)
        access.require(actor, "assign", _facts(ctx, inc, playbook, roles))
        if roles.get(role_id) == user_id:
            return Outcome(inc.ref, False, f"{user_id} already holds {role_id}")
        row = session.scalars(
            select(RoleAssignment).where(
                RoleAssignment.incident_id == inc.id, RoleAssignment.role_id == role_id
            )
        ).one_or_none()
        now = ctx.clock()
        previous = row.user_id if row else None
        if row is None:
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
            row.user_id, row.assigned_by, row.assigned_at = user_id, actor, now
        title = playbook.role(role_id).title
        text = f"{title}: {user_id}" + (f" (was {previous})" if previous else "")
        seq = _log(
            session,
            ctx,
            inc,
            actor,
            "role_assigned",
            text,
            role=role_id,
            user=user_id,
            previous=previous,
        )
        _enqueue(session, ctx, inc, "refresh")
        _enqueue(session, ctx, inc, "announce", seq=seq)
        return Outcome(inc.ref, True, text, seq)


def unassign_role(ctx: Context, *, incident: str, role_id: str, actor: str) -> Outcome:
    """Leave a role empty (not the commander's: someone must hold command)."""
    with _unit(ctx, action="assign", actor=actor, ref=incident) as session:
        inc = _lock(session, incident)
        _open(inc)
        playbook = playbook_of(inc)
        if not playbook.has_role(role_id):
            raise NotFound(f"{inc.ref} has no role {role_id!r}")
        roles = role_holders(session, inc)
        access.require(actor, "assign", _facts(ctx, inc, playbook, roles))
        if role_id == playbook.commander_role:
            raise InvalidInput(
                "the commander role cannot be left empty; assign someone else instead"
            )
        if role_id not in roles:
            return Outcome(inc.ref, False, f"{role_id} is already unassigned")
        session.execute(
            delete(RoleAssignment).where(
                RoleAssignment.incident_id == inc.id, RoleAssignment.role_id == role_id
            )
        )
        text = f"{playbook.role(role_id).title}: unassigned (was {roles[role_id]})"
        seq = _log(
            session, ctx, inc, actor, "role_unassigned", text, role=role_id, previous=roles[role_id]
        )
        _enqueue(session, ctx, inc, "refresh")
        return Outcome(inc.ref, True, text, seq)


def _change_step(
    ctx: Context, *, incident: str, step_id: str, actor: str, action: str, reason: str | None = None
) -> Outcome:
    target = {"complete_step": "done", "reopen_step": "open", "skip_step": "skipped"}[action]
    with _unit(ctx, action=action, actor=actor, ref=incident) as session:
        inc = _lock(session, incident)
        _open(inc)
        playbook = playbook_of(inc)
        if not playbook.has_step(step_id):
            raise NotFound(f"{inc.ref} has no step {step_id!r}")
        step = playbook.step(step_id)
        roles = role_holders(session, inc)
        access.require(
            actor, action, _facts(ctx, inc, playbook, roles), step_role=step.role, step_id=step_id
        )
        status = step_statuses(session, inc)
        if status[step_id] == target:
            return Outcome(inc.ref, False, f"{step_id} is already {target}")
        if target in ("done", "skipped"):
            waiting = open_dependencies(playbook, step_id, status)
            if waiting:
                names = ", ".join(f"{s.id} ({s.title})" for s in waiting)
                raise StepBlocked(f"{step_id} waits for {names}: finish or skip those first")
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
        kind = {"done": "step_done", "open": "step_reopened", "skipped": "step_skipped"}[target]
        verb = {"done": "Done", "open": "Reopened", "skipped": "Skipped"}[target]
        text = f"{verb}: {step.title}" + (f" (reason: {reason})" if reason else "")
        data: dict[str, Any] = {"step": step_id, "phase": step.phase, "previous": previous}
        if reason:
            data["reason"] = reason
        seq = _log(session, ctx, inc, actor, kind, text, **data)
        _enqueue(session, ctx, inc, "refresh")
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
    reason = clean_text(reason, "reason", MAX_REASON)
    return _change_step(
        ctx, incident=incident, step_id=step_id, actor=actor, action="skip_step", reason=reason
    )


def add_note(ctx: Context, *, incident: str, text: str, actor: str) -> Outcome:
    """Add a note to the log (allowed after close: follow-ups are part of the record)."""
    text = clean_text(text, "note", MAX_TEXT)
    with _unit(ctx, action="note", actor=actor, ref=incident) as session:
        inc = _lock(session, incident)
        seq = _log(session, ctx, inc, actor, "note", text)
        _enqueue(session, ctx, inc, "announce", seq=seq)
        return Outcome(inc.ref, True, "note added", seq)


def request_report(ctx: Context, *, incident: str, actor: str) -> Outcome:
    """Post the post-incident report (a summary and the HTML file) in the incident's
    thread. Anyone may ask: leadership reads it."""
    with _unit(ctx, action="report", actor=actor, ref=incident) as session:
        inc = _lock(session, incident)
        if inc.channel_id is None:
            raise InvalidInput(
                f"{inc.ref} has no Slack thread; run `crisisbot report {inc.ref}` instead"
            )
        _enqueue(session, ctx, inc, "report", requested_by=actor)
        return Outcome(inc.ref, True, f"the report of {inc.ref} will be posted in its thread")


def set_discovered(
    ctx: Context, *, incident: str, discovered_at: dt.datetime, actor: str
) -> Outcome:
    """Correct when the problem was discovered (HIPAA clocks count from discovery)."""
    with _unit(ctx, action="set_discovered", actor=actor, ref=incident) as session:
        inc = _lock(session, incident)
        _open(inc)
        playbook = playbook_of(inc)
        access.require(
            actor, "set_discovered", _facts(ctx, inc, playbook, role_holders(session, inc))
        )
        check_discovered(discovered_at, ctx.clock())
        if discovered_at == inc.discovered_at:
            return Outcome(inc.ref, False, "discovery time unchanged")
        previous = incident_log.format_ts(inc.discovered_at)
        inc.discovered_at = discovered_at
        when = incident_log.format_ts(discovered_at)
        seq = _log(
            session,
            ctx,
            inc,
            actor,
            "discovered_set",
            f"Discovered at {when} (was {previous})",
            discovered_at=when,
            previous=previous,
        )
        _enqueue(session, ctx, inc, "refresh")
        return Outcome(inc.ref, True, f"discovered at {when}", seq)


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
        nature=clean_text(assessment.nature, "nature and extent of the information", MAX_REASON),
        recipient=clean_text(assessment.recipient, "who received or used it", MAX_REASON),
        acquired=clean_text(assessment.acquired, "whether it was acquired or viewed", MAX_REASON),
        mitigation=clean_text(assessment.mitigation, "how far the risk was mitigated", MAX_REASON),
        affected=assessment.affected,
        state_residents_max=assessment.state_residents_max,
        breach=bool(assessment.breach),
        reason=clean_text(assessment.reason, "the determination", MAX_REASON),
    )
    if not 0 <= a.affected <= 10_000_000_000:
        raise InvalidInput("the number of people affected must be 0 or more")
    if not 0 <= a.state_residents_max <= a.affected:
        raise InvalidInput(
            "the residents of one state cannot be more than the people affected in all"
        )
    with _unit(ctx, action="assess", actor=actor, ref=incident) as session:
        inc = _lock(session, incident)
        _open(inc)
        playbook = playbook_of(inc)
        access.require(actor, "assess", _facts(ctx, inc, playbook, role_holders(session, inc)))
        verdict = "breach (notify)" if a.breach else "low probability of compromise (no breach)"
        text = f"Breach risk assessment: {verdict}; {a.affected} affected. {a.reason}"
        seq = _log(session, ctx, inc, actor, "risk_assessment", text, **a.to_data())
        _enqueue(session, ctx, inc, "refresh")
        _enqueue(session, ctx, inc, "announce", seq=seq)
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
    note = clean_text(note, "note", MAX_REASON) if note.strip() else ""
    with _unit(ctx, action="assess", actor=actor, ref=incident) as session:
        inc = _lock(session, incident)
        playbook = playbook_of(inc)
        access.require(actor, "assess", _facts(ctx, inc, playbook, role_holders(session, inc)))
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
        seq = _log(
            session,
            ctx,
            inc,
            actor,
            "deadline_met",
            text,
            deadline=deadline_id,
            done_at=when,
            note=note,
        )
        _enqueue(session, ctx, inc, "refresh")
        _enqueue(session, ctx, inc, "announce", seq=seq)
        return Outcome(inc.ref, True, text, seq)


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
        lessons=clean_text(lessons, "lessons learned", MAX_TEXT) if lessons.strip() else "",
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
    reason = clean_text(override_reason, "override reason", MAX_REASON) if override_reason else None
    action = "close" if closing else "advance"
    with _unit(ctx, action=action, actor=actor, ref=incident) as session:
        inc = _lock(session, incident)
        if inc.phase == CLOSED:
            if closing:
                return Outcome(inc.ref, False, f"{inc.ref} is already closed")
            raise IncidentClosed(f"{inc.ref} is closed; it has no next phase")
        playbook = playbook_of(inc)
        if expected_phase is not None and expected_phase != inc.phase:
            return Outcome(
                inc.ref, False, f"{inc.ref} already left {expected_phase}; it is in {inc.phase}"
            )
        facts = _facts(ctx, inc, playbook, role_holders(session, inc))
        access.require(actor, action, facts)
        if reason:
            access.require(actor, "override", facts)
        status = step_statuses(session, inc)
        machine = IncidentMachine(playbook, inc.phase, status)
        source = inc.phase
        open_steps = open_required_steps(playbook, source, status)
        if closing:  # closing checks every phase, in case a step was reopened later
            open_steps = [
                step
                for phase in playbook.phase_ids
                for step in open_required_steps(playbook, phase, status)
            ]
        is_last = source == playbook.phase_ids[-1]
        if closing and not is_last and not reason:
            raise PhaseIncomplete(
                f"{inc.ref} is in {playbook.phase(source).title}; it closes from "
                f"{playbook.phases[-1].title}: advance first, or close with an override reason"
            )
        if not closing and is_last:
            raise PhaseIncomplete(f"{inc.ref} is in its last phase; close it instead")
        trigger = ("force_" if reason else "") + ("close" if closing else "advance")
        if not machine.try_trigger(trigger):
            names = "; ".join(f"{s.id} ({s.title})" for s in open_steps)
            where = "The incident" if closing else playbook.phase(source).title
            raise PhaseIncomplete(
                f"{where} has open required steps: {names}. "
                "Finish or skip them, or override with a reason"
            )
        now = ctx.clock()
        inc.phase, inc.phase_entered_at = machine.state, now
        data: dict[str, Any] = {"from": source, "to": machine.state}
        if reason:
            data.update(override=True, reason=reason, open_steps=[s.id for s in open_steps])
        if closing:
            inc.closed_at = now
            text = f"Closed (from {playbook.phase(source).title})"
            kind = "closed"
            data["lessons"] = lessons
        else:
            text = f"Phase: {playbook.phase(source).title} -> {playbook.phase(machine.state).title}"
            kind = "phase_changed"
        if reason:
            text += f" by override (reason: {reason}; open: {', '.join(s.id for s in open_steps) or 'none'})"
        seq = _log(session, ctx, inc, actor, kind, text, **data)
        _enqueue(session, ctx, inc, "refresh")
        _enqueue(session, ctx, inc, "announce", seq=seq)
        if closing:  # leadership reads the report: it is posted when the incident closes
            _enqueue(session, ctx, inc, "report", requested_by=actor)
        return Outcome(inc.ref, True, text, seq)
