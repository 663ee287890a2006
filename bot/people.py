"""People's names as Slack showed them, kept over time: a report rebuilt years later names
people as they were called then, and a refusal or the command line names them as they
are now. The Slack adapter learns names (users.info, user_change); nothing here calls
Slack. The log keeps user ids: a name is how an id is shown, never what is recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store import Database
from bot.store.models import PersonName, Standing

MAX_NAME = 120

# Who someone is to the workspace. Guests (single- and multi-channel) and people from
# another organisation (a Slack Connect channel) may add to a thread, not act in it.
MEMBER, GUEST, OUTSIDER = "member", "guest", "outsider"
STANDINGS = (MEMBER, GUEST, OUTSIDER)


def shown_name(user: Mapping[str, Any]) -> str | None:
    """The name Slack shows for a users.info / user_change user object: the full name,
    else the display name, else the handle; None for one that has none."""
    profile = user.get("profile") or {}
    for value in (
        profile.get("real_name"),
        user.get("real_name"),
        profile.get("display_name"),
        user.get("name"),
    ):
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())[:MAX_NAME]
    return None


def remember(db: Database, user_id: str, name: str, *, now: dt.datetime) -> bool:
    """Keep `name` for `user_id` from `now` on; True when it is new or changed."""
    name = " ".join(name.split())[:MAX_NAME]
    if not name:
        return False
    with db.begin() as session:
        latest = session.scalar(
            select(PersonName.name)
            .where(PersonName.user_id == user_id)
            .order_by(PersonName.seen_at.desc(), PersonName.id.desc())
            .limit(1)
        )
        if latest == name:
            return False
        session.add(PersonName(user_id=user_id, name=name, seen_at=now))
        return True


def names_in(
    session: Session, ids: Iterable[str], *, at: dt.datetime | None = None
) -> dict[str, str]:
    """user id -> name, as of `at` (the latest name seen by then, else the first one
    seen), or the latest; ids never seen are left out."""
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    rows = session.execute(
        select(PersonName.user_id, PersonName.name, PersonName.seen_at)
        .where(PersonName.user_id.in_(wanted))
        .order_by(PersonName.seen_at, PersonName.id)
    ).all()
    found: dict[str, str] = {}
    for user_id, name, seen_at in rows:
        if user_id not in found or at is None or seen_at <= at:
            found[user_id] = name
    return found


def names(db: Database, ids: Iterable[str], *, at: dt.datetime | None = None) -> dict[str, str]:
    with db.readers() as session:
        return names_in(session, ids, at=at)


def label(user_id: str | None, known: Mapping[str, str], role: str | None = None) -> str:
    """How a person is shown in text: "Dana Okafor (Communications lead)"; their id when
    no name is known; `cli:…` and `system` as they are."""
    if not user_id:
        return "nobody"
    shown = known.get(user_id, user_id)
    return f"{shown} ({role})" if role else shown


def standing_from(
    user: Mapping[str, Any], team_id: str | None, enterprise_id: str | None = None
) -> str:
    """A users.info / user_change user object's standing in the bot's own workspace
    (`team_id`, and `enterprise_id` on Enterprise Grid): from another organisation when
    Slack calls them a stranger, or their workspace is another one outside the bot's
    Enterprise Grid organisation; a guest when restricted; else a member."""
    if user.get("is_stranger"):
        return OUTSIDER
    team = user.get("team_id")
    if team and team_id and team != team_id:
        theirs = (user.get("enterprise_user") or {}).get("enterprise_id")
        if not (theirs and enterprise_id and theirs == enterprise_id):
            return OUTSIDER
    if user.get("is_restricted") or user.get("is_ultra_restricted"):
        return GUEST
    return MEMBER


def remember_standing(db: Database, user_id: str, standing: str, *, now: dt.datetime) -> None:
    """Keep what Slack says `user_id` is now (one row per person, replaced)."""
    if standing not in STANDINGS:
        raise ValueError(f"unknown standing {standing!r}")
    with db.begin() as session:
        row = session.get(Standing, user_id)
        if row is None:
            session.add(Standing(user_id=user_id, standing=standing, seen_at=now))
        elif row.standing != standing:
            row.standing, row.seen_at = standing, now


def standing_in(session: Session, user_id: str) -> str:
    """What Slack last said `user_id` is; a member when it has not said (the command
    line's `cli:` people, and anyone the bot has not been able to ask yet)."""
    found = session.scalar(select(Standing.standing).where(Standing.user_id == user_id))
    return found or MEMBER


def standing(db: Database, user_id: str) -> str:
    with db.readers() as session:
        return standing_in(session, user_id)
