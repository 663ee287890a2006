"""Keeping the record: evidence items and the legal hold, each an entry in the incident's
hash-chained log. Evidence is recorded by what identifies it (where it was, when it was
captured, the SHA-256 of the saved file, who captured it), never the file itself: the
file stays in the restricted folder the playbook names."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from bot.errors import InvalidInput
from bot.incidents import access
from bot.incidents.context import (
    MAX_REASON,
    Context,
    Outcome,
    append_log,
    check_user,
    clean_text,
    enqueue,
    holders_in,
    lock,
    require_open,
    transaction,
)
from bot.incidents.log import LogKind, format_ts
from bot.outbox import Intent
from bot.store.models import Incident

SHA256 = re.compile(r"^[0-9a-f]{64}$")
MAX_URL = 2000


def check_evidence(
    url: str, sha256: str, captured_at: dt.datetime, now: dt.datetime
) -> tuple[str, str]:
    """The URL and checksum as kept, or InvalidInput naming what is wrong."""
    url = url.strip()
    parts = urlsplit(url)
    if len(url) > MAX_URL or parts.scheme not in ("http", "https") or not parts.netloc:
        raise InvalidInput(
            f"{url[:80]!r} is not a web address (https://…, at most {MAX_URL} characters)",
            field="url",
        )
    if any(c.isspace() for c in url):
        raise InvalidInput("a web address has no spaces in it", field="url")
    digest = sha256.strip().lower()
    if not SHA256.match(digest):
        raise InvalidInput(
            "the SHA-256 is 64 hexadecimal characters (sha256sum FILE prints it)",
            field="sha256",
        )
    if captured_at.tzinfo is None:
        raise InvalidInput("give the capture time with its time zone", field="captured_at")
    if captured_at > now + dt.timedelta(minutes=5):
        raise InvalidInput("the capture time is in the future", field="captured_at")
    return url, digest


def record_evidence(
    ctx: Context,
    *,
    incident: str,
    url: str,
    sha256: str,
    captured_at: dt.datetime,
    actor: str,
    captured_by: str | None = None,
) -> Outcome:
    """Record an item of evidence while the incident is open: anyone holding a role in it
    (or an admin) may; `captured_by` defaults to the person recording it."""
    actor = check_user(actor, "actor")
    by = check_user(captured_by or actor, "captured_by")
    url, digest = check_evidence(url, sha256, captured_at, ctx.clock())
    with transaction(ctx, action="evidence", actor=actor, ref=incident) as session:
        inc = lock(session, incident)
        require_open(inc)
        _require(session, ctx, inc, actor, "evidence")
        text = f"Evidence: {url} (captured {format_ts(captured_at)}, SHA-256 {digest[:16]}…)"
        seq = append_log(
            session, ctx, inc, actor, LogKind.EVIDENCE, text, url=url, sha256=digest,
            captured_at=format_ts(captured_at), captured_by=by,
        )  # fmt: skip
        enqueue(session, ctx, inc, Intent.ANNOUNCE, seq=seq)
        return Outcome(inc.ref, True, text, seq)


def set_legal_hold(ctx: Context, *, incident: str, hold: bool, reason: str, actor: str) -> Outcome:
    """Place (or release) a legal hold, with the reason: while held, no purge touches the
    incident. The privacy officer or an admin may, open or closed."""
    reason = clean_text(reason, "reason", MAX_REASON, field="reason")
    with transaction(ctx, action="legal_hold", actor=actor, ref=incident) as session:
        inc = lock(session, incident)
        _require(session, ctx, inc, actor, "legal_hold")
        if inc.legal_hold == hold:
            state = "on legal hold" if hold else "not on legal hold"
            return Outcome(inc.ref, False, f"{inc.ref} is already {state}")
        inc.legal_hold = hold
        kind = LogKind.LEGAL_HOLD if hold else LogKind.LEGAL_HOLD_RELEASED
        text = f"Legal hold {'placed' if hold else 'released'}: {reason}"
        seq = append_log(session, ctx, inc, actor, kind, text, reason=reason)
        return Outcome(inc.ref, True, text, seq)


def _require(session: Session, ctx: Context, inc: Incident, actor: str, action: str) -> None:
    facts = holders_in(session, ctx, inc)
    access.require(actor, action, facts)
