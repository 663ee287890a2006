"""Minimum necessary in the report: identifiers in what people typed (notes, thread
replies, reasons, lessons, the assessment's words) are replaced by their kind, e.g.
"[name]", "[room]". The privacy officer can build the unmasked version
(`crisisbot report --unmasked`).

What is masked are the privacy check's identifier findings; care language ("is resting
comfortably") stays, since without the identifiers it no longer points at anyone, and
published statements are shown as they went out (they passed the check to be published)."""

from __future__ import annotations

import threading
from typing import Any

from cachetools import LRUCache

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
    if len(text) > _KEPT_LENGTH:
        return _masked(text, org)
    key = (text, org)
    with _lock:
        kept = _kept.get(key)
    if kept is not None:
        return kept[0]
    masked = _masked(text, org)
    with _lock:
        _kept[key] = (masked, _weight(text, masked))
    return masked


# Each typed text costs the check about a millisecond, so a report of 10,000 entries
# takes seconds to mask. A report is built again on each request and on close, from
# entries that never change, so the masks of short texts are kept, the least recently
# used dropped first: at most about 8 MB of them (about 30,000 one-line notes).
_KEPT_LENGTH = 1000
_KEPT_BUDGET = 8_000_000  # bytes, roughly
_OVERHEAD = 250  # bytes per kept mask beyond its characters: the key, the entry, the strings


def _weight(text: str, masked: str) -> int:
    return _OVERHEAD + len(text) + (0 if masked is text else len(masked))


_lock = threading.Lock()
_kept: LRUCache[tuple[str, phi.Org], tuple[str, int]] = LRUCache(
    maxsize=_KEPT_BUDGET, getsizeof=lambda kept: kept[1]
)


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
