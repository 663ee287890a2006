"""Who may do what: one table, read by `can`.

The playbook names the roles; an incident says who holds them. Admins
(CRISISBOT_ADMINS) may do whatever the commander may. Only members of the workspace
act: a guest or someone from another organisation may add to the thread, nothing more
(OPEN_TO_GUESTS), and holds no role. A confidential incident is acted on only by the
members of its (private) channel and admins, and only they hold its roles.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from bot.errors import NotAllowed
from bot.people import GUEST, MEMBER, OUTSIDER

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
    "evidence": (RESPONDER, ADMIN),
    "legal_hold": (PRIVACY, ADMIN),
}

# What a guest of the workspace or someone from another organisation (a channel shared
# through Slack Connect) may do, whatever else the table says: add to the thread (what
# they say is kept), nothing more. They cannot hold a role either (see `may_hold`).
OPEN_TO_GUESTS = frozenset({"note"})

_STANDING = {
    GUEST: "is a guest in this workspace; guests",
    OUTSIDER: (
        "is from another organisation (a channel shared through Slack Connect); people from outside"
    ),
}

_WHO = {
    ANYONE: "anyone",
    ADMIN: "an admin",
    RESPONDER: "someone holding a role in it",
}

_DOING = {
    "complete_step": "tick “{step}”",
    "reopen_step": "reopen “{step}”",
    "skip_step": "skip “{step}”",
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
    "evidence": "record evidence",
    "legal_hold": "set or release a legal hold",
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
    role_titles: Mapping[str, str] = field(default_factory=dict)  # role id -> title
    # user ids -> names, read only to word a refusal
    names: Callable[[Iterable[str]], Mapping[str, str]] = lambda ids: {}
    # user id -> member, guest or outsider, as Slack last said (a member when unknown)
    standing: Callable[[str], str] = lambda user: MEMBER
    # A confidential incident is acted on only by its channel's members (and admins);
    # in_channel says whether a user is one (None: Slack could not say).
    confidential: bool = False
    in_channel: Callable[[str], bool | None] = lambda user: True


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
    if action not in OPEN_TO_GUESTS and facts.standing(actor) != MEMBER:
        return False
    if _outside(actor, facts):
        return False
    return any(_holds(actor, who, facts, step_role) for who in POLICY[action])


def _outside(actor: str, facts: Holders) -> bool:
    """Whether `actor` is kept out of a confidential incident: not an admin, and not a
    member of its channel (or Slack could not say)."""
    return facts.confidential and actor not in facts.admins and facts.in_channel(actor) is not True


def may_hold(who: str, standing: str, in_channel: bool | None = True) -> str | None:
    """Why `who` cannot hold a role in an incident (a guest, someone from another
    organisation, someone not in a confidential incident's channel), or None when they
    can. `in_channel`: whether they are in a confidential incident's channel (True for
    any other incident; None when Slack could not say)."""
    if standing != MEMBER:
        return standing_refusal(who, standing, "hold a role")
    if in_channel is None:
        return (
            f"Slack could not say whether {who} is a member of this confidential incident's "
            "channel; try again in a minute."
        )
    if not in_channel:
        return (
            f"{who} is not a member of this confidential incident's channel: add them to the "
            "channel first, then give them the role."
        )
    return None


def standing_refusal(who: str, standing: str, doing: str) -> str:
    """Why a guest or someone from another organisation cannot do what `doing` says."""
    return f"{who} {_STANDING[standing]} can add to the thread but cannot {doing}."


def require(
    actor: str,
    action: str,
    facts: Holders,
    *,
    step_role: str | None = None,
    step_title: str | None = None,
    field: str | None = None,
) -> None:
    """Raise NotAllowed, with a reason the person can read, unless `can` allows; `field`
    names the argument the refusal is about, for a form."""
    if can(actor, action, facts, step_role=step_role):
        return
    doing = _DOING.get(action, action).format(step=step_title or "this step")
    standing = facts.standing(actor)
    if action not in OPEN_TO_GUESTS and standing != MEMBER:
        who = facts.names([actor]).get(actor, actor)
        raise NotAllowed(f"{facts.ref}: {standing_refusal(who, standing, doing)}", field=field)
    if _outside(actor, facts):
        if facts.in_channel(actor) is None:
            raise NotAllowed(
                f"{facts.ref} is confidential, and Slack could not say whether you are a "
                "member of its channel; try again in a minute.",
                field=field,
            )
        raise NotAllowed(
            f"{facts.ref} is confidential: only members of its channel and admins can "
            f"{doing}. Ask its commander to add you to the channel.",
            field=field,
        )
    raise NotAllowed(
        f"{facts.ref}: only {who_may(action, facts, step_role)} can {doing}.", field=field
    )


def who_may(action: str, facts: Holders, step_role: str | None = None) -> str:
    """Who may do `action`, in words, by name and role: "Dana Okafor (Communications
    lead), Alex Rivera (Incident commander) or an admin"."""
    roles = [r for holder in POLICY[action] for r in roles_of(holder, facts, step_role)]
    names = facts.names(facts.roles[r] for r in roles if facts.roles.get(r))
    who: list[str] = []
    for holder in POLICY[action]:
        if holder in _WHO:
            who.append(_WHO[holder])
            continue
        mine = roles_of(holder, facts, step_role)
        if not mine:
            continue
        people = [
            f"{names.get(facts.roles[r], facts.roles[r])} ({facts.role_titles.get(r, r)})"
            for r in mine
            if facts.roles.get(r)
        ]
        if people:
            who.extend(people)
        else:
            titles = " or ".join(facts.role_titles.get(r, r) for r in mine)
            who.append(f"the {titles} (nobody holds it yet)")
    return _or(list(dict.fromkeys(who)))


def roles_of(holder: str, facts: Holders, step_role: str | None) -> list[str]:
    if holder == STEP_OWNER:
        return [step_role] if step_role else []
    if holder == COMMANDER:
        return [facts.commander_role]
    if holder == PRIVACY:
        return [facts.privacy_role] if facts.privacy_role else []
    if holder == APPROVER:
        return list(facts.approver_roles)
    return []


def _or(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} or {items[-1]}"
