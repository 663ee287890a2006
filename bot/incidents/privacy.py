"""Minimum necessary inside Slack: free text a person types (notes, reasons, lessons,
the assessment's fields, comments) goes through the privacy check before it is kept.

Titles refuse identifiers outright (they are shown at channel level). Every other field
warns the person privately, naming what was found; sending the same text again within
`WINDOW` keeps it, and the log entry records each kept finding by its kind and position,
never by its text. Until then only a salted digest of the text is stored."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, select

from bot import phi
from bot.errors import InvalidInput, PrivacyWarning
from bot.incidents.context import Context
from bot.incidents.queries import normalise_ref
from bot.store.models import PendingWarning

WINDOW = dt.timedelta(minutes=30)
# A link to the post being handled and "the video shows ..." describe the incident's
# subject (also in its title); responders must be able to write them down.
NOT_WARNED = frozenset({"url", "photo"})


def findings(ctx: Context, text: str) -> list[phi.Finding]:
    """What the check finds in `text` as it will be read (invisible characters removed)."""
    return [f for f in phi.scan(phi.normalise(text), ctx.org) if f.kind not in NOT_WARNED]


def refuse_in_title(ctx: Context, title: str) -> None:
    """A title is shown in the channel, the App Home, every list and the report's heading:
    it may not identify a patient or confirm that someone is one."""
    found = findings(ctx, title)
    if found:
        kinds = ", ".join(dict.fromkeys(f.kind.replace("_", " ") for f in found))
        raise InvalidInput(
            f"The title looks like it identifies a patient ({kinds}: "
            + "; ".join(f"“{f.text}”" for f in found[:3])
            + "). Titles are shown to the whole channel and in the report: describe the "
            "situation, not the person (e.g. “Video of an ER patient on TikTok”).",
            field="title",
        )


def screen(
    ctx: Context, *, actor: str, action: str, ref: str | None, texts: Mapping[str, str]
) -> list[dict[str, Any]]:
    """Warn about `texts` ({field: text}) or, on the second identical submission, return
    what is kept: [{field, kind, start, end}, ...] for the log (empty when clean).

    Raises PrivacyWarning (its `field` the first field with a finding) the first time."""
    found = {name: findings(ctx, text) for name, text in texts.items() if text}
    found = {name: fs for name, fs in found.items() if fs}
    if not found:
        return []
    ref = normalise_ref(ref) if ref is not None else None  # "inc-2026-0001" is the same one
    kept = [
        {"field": name, "kind": f.kind, "start": f.start, "end": f.end}
        for name, fs in found.items()
        for f in fs
    ]
    payload = "\x1f".join([actor, action, ref or "", *(f"{n}\x1e{texts[n]}" for n in found)])
    now = ctx.clock()
    with ctx.db.begin() as session:
        session.execute(delete(PendingWarning).where(PendingWarning.at < now - WINDOW))
        earlier = session.scalars(
            select(PendingWarning).where(
                PendingWarning.actor == actor,
                PendingWarning.action == action,
                PendingWarning.at >= now - WINDOW,
            )
        ).all()
        match = next((w for w in earlier if w.digest == _digest(w.salt, payload)), None)
        if match is not None:
            session.delete(match)
            return kept
        salt = secrets.token_hex(16)
        session.add(
            PendingWarning(
                at=now,
                actor=actor,
                action=action,
                incident_ref=ref,
                findings=kept,
                salt=salt,
                digest=_digest(salt, payload),
            )
        )
    first = next(iter(found))
    raise PrivacyWarning(warning_text(found), field=first)


def warning_text(found: Mapping[str, list[phi.Finding]]) -> str:
    """What the person reads: what was found, where, and the two ways on."""
    parts = []
    for fs in found.values():
        for f in fs[:4]:
            parts.append(f"{f.kind.replace('_', ' ')} “{_short(f.text)}”")
    more = sum(len(fs) for fs in found.values()) - len(parts)
    listed = "; ".join(parts) + (f" and {more} more" if more > 0 else "")
    return (
        f"This may identify a patient ({listed}). Only you see this. Rephrase it, or send "
        f"the same text again within {int(WINDOW.total_seconds() // 60)} minutes to keep it "
        "as written; keeping it is logged."
    )


def _digest(salt: str, payload: str) -> str:
    return hashlib.sha256(f"{salt}\x1d{payload}".encode()).hexdigest()


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def logged(kept: list[dict[str, Any]]) -> dict[str, Any]:
    """The log data recording kept findings (nothing when the text was clean)."""
    return {"privacy_kept": kept} if kept else {}
