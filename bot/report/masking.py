"""Minimum necessary in the report: identifiers in what people typed (notes, thread
replies, reasons, lessons, the assessment's words) are replaced by their kind, e.g.
"[name]", "[room]". The privacy officer can build the unmasked version
(`crisisbot report --unmasked`).

What is masked are the privacy check's identifier findings; care language ("is resting
comfortably") stays, since without the identifiers it no longer points at anyone, and
published statements are shown as they went out (they passed the check to be published)."""

from __future__ import annotations

import functools
from typing import Any

from bot import phi
from bot.report.entries import Entry

LABELS = {
    "name": "name", "date": "date", "age": "age", "phone": "phone", "email": "email",
    "ssn": "SSN", "id_number": "record number", "vehicle": "vehicle", "device": "device",
    "address": "address", "location": "place", "ip": "IP address", "handle": "handle",
    "room": "room",
}  # fmt: skip
# Free text in log entries' data, typed by people.
TYPED = (
    "reason", "lessons", "note", "comment", "nature", "recipient", "acquired", "mitigation",
    "on_text",  # the start of the reply or note a reaction was on
)  # fmt: skip
# Entries whose text is what a person typed (the others are sentences the bot wrote,
# with the typed parts also kept in data and masked there).
TYPED_TEXT = frozenset(
    {"note", "message", "message_edited", "message_deleted", "reaction_added", "reaction_removed"}
)


def mask(text: str, org: phi.Org) -> str:
    """`text` with each identifier replaced by its kind in brackets."""
    if not text:
        return text
    return _kept(text, org) if len(text) <= _KEPT_LENGTH else _masked(text, org)


# Each typed text costs the check about a millisecond; a report is built again on each
# request and on close, from entries that never change, so short texts' masks are kept
# (bounded: at most 4,096 texts of up to 1,000 characters).
_KEPT_LENGTH = 1000


@functools.lru_cache(maxsize=4096)
def _kept(text: str, org: phi.Org) -> str:
    return _masked(text, org)


def _masked(text: str, org: phi.Org) -> str:
    read = phi.normalise(text)
    found = [f for f in phi.scan(read, org) if f.kind in LABELS]
    if not found:
        return text
    parts, pos = [], 0
    for f in found:
        if f.start < pos:
            continue
        parts += [read[pos : f.start], f"[{LABELS[f.kind]}]"]
        pos = f.end
    parts.append(read[pos:])
    return "".join(parts)


def masked_entry(entry: Entry, org: phi.Org) -> Entry:
    """The entry as the report shows it by default (after its hash was checked)."""
    data: dict[str, Any] = dict(entry.data)
    typed_text = entry.kind in TYPED_TEXT
    # "previous" is a reply's text before an edit; on a step it is only the old status
    for key in (*TYPED, "previous") if typed_text else TYPED:
        if isinstance(data.get(key), str):
            data[key] = mask(data[key], org)
    text = mask(entry.text, org) if typed_text else entry.text
    return entry._replace(text=text, data=data)
