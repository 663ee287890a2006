"""The use-case plumbing every service shares: its context, one transaction with the
refusal record, the incident lock, and the log and outbox writes inside it.

Incidents, statements and the thread capture all build their use cases from these, so
a rule about transactions, locks or refusals lives in one place."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from bot import outbox
from bot.clock import Clock, utc_now
from bot.errors import IncidentClosed, InvalidInput, NotAllowed, PhaseIncomplete, StepBlocked
from bot.incidents import access
from bot.incidents import log as incident_log
from bot.incidents.log import LogKind
from bot.incidents.queries import (
    find_incident,
    membership,
    normalise_ref,
    playbook_of,
    role_holders,
)
from bot.outbox import Intent
from bot.people import names_in, standing_in
from bot.phi.model import Org
from bot.playbooks.model import CLOSED
from bot.store import Database
from bot.store.models import Incident, Refusal

USER = re.compile(r"^[A-Za-z0-9._:@-]{1,64}$")
# Removed from whatever a person types before it is kept: C0 and C1 control characters
# (tab and line breaks aside; NUL cannot even be stored in PostgreSQL), the bidirectional
# embeddings, overrides and isolates that make text read differently from what it holds,
# and lone surrogates (not text in any encoding).
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
MAX_TITLE = 3000
MAX_TEXT = 4000
MAX_REASON = 1000
EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


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
    # Whether a user is a member of a channel, as Slack says (None: Slack could not say),
    # for confidential incidents: (channel, user). None when nothing can ask Slack (the
    # command line).
    channel_member: Callable[[str, str], bool | None] | None = None


@dataclass(frozen=True)
class Outcome:
    """What a use case did: `changed` is False when the call was a repeat."""

    incident: str
    changed: bool
    message: str
    seq: int | None = None


@contextmanager
def transaction(ctx: Context, *, action: str, actor: str, ref: str | None) -> Iterator[Session]:
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
    except (NotAllowed, StepBlocked, PhaseIncomplete, IncidentClosed) as refusal:
        # Who tried what and why it did nothing: the wrong person, a step that waits, a
        # phase with open steps, a closed incident. Typos and privacy findings are not kept
        # here (a finding's reason names what was found).
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


def holders_in(
    session: Session, ctx: Context, inc: Incident, roles: Mapping[str, str] | None = None
) -> access.Holders:
    """Who holds what in `inc` (its roles, or `roles` already read), as the access table
    reads it: the admins, what Slack said of each person, and for a confidential incident
    whether they are in its channel."""
    playbook = playbook_of(inc)
    return access.Holders(
        ref=inc.ref,
        commander_role=playbook.commander_role,
        privacy_role=playbook.privacy_role,
        roles=role_holders(session, inc) if roles is None else roles,
        approver_roles=playbook.approvers,
        admins=ctx.admins,
        role_titles={r.id: r.title for r in playbook.roles},
        names=lambda ids: names_in(session, ids),  # only to word a refusal
        standing=lambda user: standing_in(session, user),
        confidential=playbook.confidential,
        in_channel=membership(ctx.channel_member, inc.channel_id),
    )


def lock(session: Session, ref: str) -> Incident:
    """The incident row, locked for this transaction."""
    return find_incident(session, ref, lock=True)


def require_open(incident: Incident) -> None:
    if incident.phase == CLOSED:
        raise IncidentClosed(f"{incident.ref} is closed; nothing in it can change")


def append_log(
    session: Session,
    ctx: Context,
    incident: Incident,
    actor: str,
    kind: LogKind,
    text: str,
    *,
    link: str | None = None,
    **data: Any,
) -> int:
    """Append one entry to the incident's log (the row is locked); its seq."""
    if ctx.via and ctx.via != actor:
        data["via"] = ctx.via  # who really typed it, when acting for someone (--as)
    entry = incident_log.append(
        session, incident, ts=ctx.clock(), actor=actor, kind=kind, text=text, data=data, link=link
    )
    incident.remind_at = None  # what reminders are due may have changed: look again
    return entry.seq


def enqueue(
    session: Session, ctx: Context, incident: Incident, intent: Intent, **payload: Any
) -> None:
    """Ask the deliverer to show something in Slack, after this transaction commits."""
    if incident.channel_id is None:
        return
    session.info["enqueued"] = True
    outbox.enqueue(
        session,
        incident_id=incident.id,
        intent=intent,
        payload=payload,
        now=ctx.clock(),
        header_delay=ctx.header_delay,
        skip_locked=not ctx.db.is_sqlite,
    )


# -- input checks ------------------------------------------------------------------------


def sanitize(text: str) -> str:
    """`text` as it may be kept and shown: line breaks as \\n, no control characters, no
    bidirectional overrides or isolates, no lone surrogates."""
    return _UNSAFE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def clean_text(
    value: str, what: str, limit: int, *, field: str | None = None, single_line: bool = False
) -> str:
    """Sanitize and strip; refuse text that is not text, empty or over-long. A refusal
    names `what` in words and carries `field` (the argument's name) for forms."""
    try:
        (value or "").encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(f"{what} contains bytes that are not UTF-8 text", field=field) from None
    value = sanitize(value or "").strip()
    if single_line:
        value = " ".join(value.split())
    if not value:
        raise InvalidInput(f"{what} is empty", field=field)
    if len(value) > limit:
        raise InvalidInput(
            f"{what} is too long ({len(value)} characters; at most {limit})", field=field
        )
    return value


def check_discovered(when: dt.datetime, now: dt.datetime) -> None:
    if when > now:
        raise InvalidInput("the discovery time is in the future", field="discovered_at")
    if when < EARLIEST:
        raise InvalidInput(
            "the discovery time is before 2000; check the date", field="discovered_at"
        )


def check_user(user: str, what: str = "user", *, field: str | None = None) -> str:
    user = (user or "").strip()
    if not USER.match(user):
        raise InvalidInput(
            f"{what} {user!r} is not a user id (a Slack id like U0123ABCD, or cli:NAME)",
            field=field,
        )
    return user
