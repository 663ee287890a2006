"""Who may do what: one table, read by `can`.

The playbook names the roles; an incident says who holds them. Admins
(CRISISBOT_ADMINS) may do whatever the commander may.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.errors import NotAllowed

ANYONE = "anyone"
COMMANDER = "commander"
STEP_OWNER = "step-owner"
APPROVER = "approver"
PRIVACY = "privacy"
ADMIN = "admin"
RESPONDER = "responder"  # holds any role in the incident

# action -> who may do it. Spelled out here so a privacy officer can review it.
POLICY: dict[str, tuple[str, ...]] = {
    "start": (ANYONE,),
    "note": (ANYONE,),
    "report": (ANYONE,),
    "complete_step": (STEP_OWNER, COMMANDER, ADMIN),
    "reopen_step": (STEP_OWNER, COMMANDER, ADMIN),
    "skip_step": (STEP_OWNER, COMMANDER, ADMIN),
    "assign": (COMMANDER, ADMIN),
    "set_discovered": (COMMANDER, PRIVACY, ADMIN),
    "assess": (PRIVACY, COMMANDER, ADMIN),
    "advance": (COMMANDER, ADMIN),
    "override": (COMMANDER, ADMIN),
    "close": (COMMANDER, ADMIN),
    "draft": (RESPONDER, ADMIN),
    "approve": (APPROVER,),
    "publish": (APPROVER, COMMANDER, ADMIN),
    "override_phi": (PRIVACY,),
}

_WHO = {
    ANYONE: "anyone",
    COMMANDER: "the incident commander",
    STEP_OWNER: "the step's owner",
    APPROVER: "an approver",
    PRIVACY: "the privacy officer",
    ADMIN: "an admin",
    RESPONDER: "someone holding a role in the incident",
}

_DOING = {
    "complete_step": "tick {step}",
    "reopen_step": "reopen {step}",
    "skip_step": "skip {step}",
    "assign": "assign roles",
    "set_discovered": "change the discovery time",
    "assess": "record the breach risk assessment",
    "advance": "advance the phase",
    "override": "override a guard",
    "close": "close the incident",
    "draft": "draft statements",
    "approve": "approve statements",
    "publish": "mark statements as published",
    "override_phi": "override a privacy finding",
}


@dataclass(frozen=True)
class Holders:
    """The facts `can` needs about one incident."""

    ref: str
    commander_role: str
    privacy_role: str | None
    roles: Mapping[str, str]  # role id -> user id
    approver_roles: tuple[str, ...] = ()
    admins: frozenset[str] = field(default_factory=frozenset)


def _holds(actor: str, who: str, facts: Holders, step_role: str | None) -> bool:
    if who == ANYONE:
        return True
    if who == ADMIN:
        return actor in facts.admins
    if who == COMMANDER:
        return facts.roles.get(facts.commander_role) == actor
    if who == PRIVACY:
        return facts.privacy_role is not None and facts.roles.get(facts.privacy_role) == actor
    if who == STEP_OWNER:
        return step_role is not None and facts.roles.get(step_role) == actor
    if who == RESPONDER:
        return actor in facts.roles.values()
    if who == APPROVER:
        return any(facts.roles.get(role) == actor for role in facts.approver_roles)
    raise ValueError(f"unknown holder {who!r}")


def can(actor: str, action: str, facts: Holders, *, step_role: str | None = None) -> bool:
    """True when `actor` may do `action` in this incident."""
    return any(_holds(actor, who, facts, step_role) for who in POLICY[action])


def require(
    actor: str,
    action: str,
    facts: Holders,
    *,
    step_role: str | None = None,
    step_id: str | None = None,
    field: str | None = None,
) -> None:
    """Raise NotAllowed, with a reason the person can read, unless `can` allows; `field`
    names the argument the refusal is about, for a form."""
    if can(actor, action, facts, step_role=step_role):
        return
    who = []
    for holder in POLICY[action]:
        if holder == STEP_OWNER and step_role:
            owner = facts.roles.get(step_role)
            who.append(f"the {step_role} role holder ({owner or 'unassigned'})")
        elif holder == COMMANDER:
            who.append(
                f"the incident commander ({facts.roles.get(facts.commander_role, 'unassigned')})"
            )
        else:
            who.append(_WHO[holder])
    doing = _DOING.get(action, action).format(step=step_id or "this step")
    raise NotAllowed(
        f"{facts.ref}: only {' or '.join(who)} may {doing}; you are {actor}", field=field
    )
