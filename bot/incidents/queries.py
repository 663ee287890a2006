"""Reading an incident inside a transaction: find it by ref, who holds its roles, its
steps' states, and the playbook it started with."""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.errors import InvalidInput, NotFound
from bot.playbooks.model import Playbook
from bot.store.models import Incident, RoleAssignment, StepState

REF = re.compile(r"^INC-(\d{4})-(\d{4,})$")

_PLAYBOOKS: dict[str, Playbook] = {}  # by snapshot hash: same hash, same playbook


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


def role_holders(session: Session, incident: Incident) -> dict[str, str]:
    rows = session.execute(
        select(RoleAssignment.role_id, RoleAssignment.user_id).where(
            RoleAssignment.incident_id == incident.id
        )
    )
    return {role: user for role, user in rows}


def membership(
    channel_member: Callable[[str, str], bool | None] | None, channel: str | None
) -> Callable[[str], bool | None]:
    """Whether a user is in `channel`, asked of `channel_member` (None: Slack could not
    say); always True when there is nothing to ask (the command line) or no channel yet."""
    if channel_member is None or channel is None:
        return lambda user: True
    return lambda user: channel_member(channel, user)


def step_states(session: Session, incident: Incident) -> dict[str, StepState]:
    rows = session.scalars(select(StepState).where(StepState.incident_id == incident.id))
    return {row.step_id: row for row in rows}


def step_statuses(session: Session, incident: Incident) -> dict[str, str]:
    """step id -> open | done | skipped, without loading whole rows."""
    rows = session.execute(
        select(StepState.step_id, StepState.status).where(StepState.incident_id == incident.id)
    )
    return {step: state for step, state in rows}
