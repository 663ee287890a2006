"""The incident log: append-only entries chained by SHA-256, and their verification.

hash = sha256(prev_hash + canonical JSON of {incident, seq, ts, actor, kind, text, data})
Canonical means sorted keys, no spaces, UTF-8, ts as YYYY-MM-DDTHH:MM:SS.mmmZ, so the
same entry hashes alike on SQLite and PostgreSQL and in an exported copy.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.models import Incident, LogEntry

GENESIS = "0" * 64


class LogKind(StrEnum):
    """What an entry records. The value is what is stored and hashed: never rename one."""

    STARTED = "started"
    ROLE_ASSIGNED = "role_assigned"
    ROLE_UNASSIGNED = "role_unassigned"
    STEP_DONE = "step_done"
    STEP_REOPENED = "step_reopened"
    STEP_SKIPPED = "step_skipped"
    PHASE_CHANGED = "phase_changed"
    CLOSED = "closed"
    NOTE = "note"
    DISCOVERED_SET = "discovered_set"
    RISK_ASSESSMENT = "risk_assessment"
    DEADLINE_MET = "deadline_met"
    ON_IT = "on_it"  # someone took a reminded step on: repeats wait
    EVIDENCE = "evidence"  # an item of evidence: its URL, capture time and SHA-256
    LEGAL_HOLD = "legal_hold"  # set: nothing purges the record
    LEGAL_HOLD_RELEASED = "legal_hold_released"
    # the incident thread, captured
    MESSAGE = "message"
    MESSAGE_EDITED = "message_edited"
    MESSAGE_DELETED = "message_deleted"
    REACTION_ADDED = "reaction_added"
    REACTION_REMOVED = "reaction_removed"
    # holding statements
    STATEMENT_DRAFTED = "statement_drafted"
    STATEMENT_SCREENED = "statement_screened"
    PHI_OVERRIDDEN = "phi_overridden"
    STATEMENT_APPROVED = "statement_approved"
    STATEMENT_CHANGES_REQUESTED = "statement_changes_requested"
    STATEMENT_PUBLISHED = "statement_published"
    # who saw the identifiers the report masks
    REPORT_UNMASKED = "report_unmasked"


def format_ts(ts: dt.datetime) -> str:
    """UTC with milliseconds, e.g. 2026-11-23T14:02:00.125Z."""
    utc = ts.astimezone(dt.UTC)
    return f"{utc.year:04d}-" + utc.strftime("%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def parse_ts(value: str) -> dt.datetime:
    """The inverse of format_ts: "YYYY-MM-DDTHH:MM:SS.mmmZ" -> an aware UTC time."""
    return dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(
    prev_hash: str,
    *,
    incident: str,
    seq: int,
    ts: dt.datetime,
    actor: str,
    kind: str,
    text: str,
    data: dict[str, Any],
) -> str:
    body = canonical(
        {
            "incident": incident,
            "seq": seq,
            "ts": format_ts(ts),
            "actor": actor,
            "kind": kind,
            "text": text,
            "data": data,
        }
    )
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def append(
    session: Session,
    incident: Incident,
    *,
    ts: dt.datetime,
    actor: str,
    kind: LogKind,
    text: str,
    data: dict[str, Any] | None = None,
    link: str | None = None,
) -> LogEntry:
    """Append one entry and move the incident's head.

    The caller holds the incident row lock (FOR UPDATE / BEGIN IMMEDIATE), so the head
    read here is the newest one and UNIQUE(incident, seq) never fires in normal use.
    """
    kind = LogKind(kind)  # refuses a kind nobody reads; stored and hashed as its value
    ts = ts.replace(microsecond=ts.microsecond // 1000 * 1000)
    data = json.loads(canonical(data or {}))  # what the database will give back
    seq = incident.head_seq + 1
    prev = incident.head_hash
    digest = entry_hash(
        prev,
        incident=incident.ref,
        seq=seq,
        ts=ts,
        actor=actor,
        kind=kind.value,
        text=text,
        data=data,
    )
    entry = LogEntry(
        incident_id=incident.id,
        seq=seq,
        ts=ts,
        actor=actor,
        kind=kind.value,
        text=text,
        data=data,
        link=link,
        prev_hash=prev,
        hash=digest,
    )
    session.add(entry)
    incident.head_seq = seq
    incident.head_hash = digest
    return entry


@dataclass(frozen=True)
class Verification:
    incident: str
    entries: int
    head_seq: int
    head_hash: str
    problem: str | None = None
    bad_seq: int | None = None
    verified_from_head: int | None = None  # seq of the --head entry, when one was given

    @property
    def ok(self) -> bool:
        return self.problem is None


Row = tuple[int, dt.datetime, str, str, str, dict[str, Any], str, str]
"""One entry as verified: seq, ts, actor, kind, text, data, prev_hash, hash."""


def chain_rows(session: Session, incident_id: int) -> Iterable[Row]:
    """An incident's entries with every hashed field, in seq order: one query."""
    # Core rows, not ORM ones: for 10,000 entries the ORM's row handling is half the cost.
    return session.connection().execute(
        select(
            LogEntry.seq,
            LogEntry.ts,
            LogEntry.actor,
            LogEntry.kind,
            LogEntry.text,
            LogEntry.data,
            LogEntry.prev_hash,
            LogEntry.hash,
        )
        .where(LogEntry.incident_id == incident_id)
        .order_by(LogEntry.seq)
    )


def verify(
    session: Session, incident: Incident, *, expected_head: str | None = None
) -> Verification:
    """Recompute the chain; name the first entry that does not hold."""
    return verify_rows(
        incident.ref,
        incident.head_seq,
        incident.head_hash,
        chain_rows(session, incident.id),
        expected_head=expected_head,
    )


def verify_rows(
    ref: str,
    head_seq: int,
    head_hash: str,
    rows: Iterable[Row],
    *,
    expected_head: str | None = None,
) -> Verification:
    """Recompute the chain over entries already read (in seq order), against the head
    recorded on the incident: a reader that needs the entries anyway reads them once."""
    prev = GENESIS
    count = 0
    last_seq = 0
    expected = (expected_head or "").strip().lower()
    expected_at: int | None = None

    def bad(seq: int | None, problem: str) -> Verification:
        return Verification(ref, count, last_seq, prev, problem, seq)

    for seq, ts, actor, kind, text, data, prev_hash, stored in rows:
        if seq != last_seq + 1:
            missing = last_seq + 1
            span = f"{missing}" if seq == missing + 1 else f"{missing}-{seq - 1}"
            return bad(missing, f"entry {span} missing (the log jumps from {last_seq} to {seq})")
        computed = entry_hash(
            prev,
            incident=ref,
            seq=seq,
            ts=ts,
            actor=actor,
            kind=kind,
            text=text,
            data=data,
        )
        if prev_hash != prev:
            if computed == stored:  # it still chains to its predecessor: only the copy of
                # the previous hash kept on this row was changed
                return bad(seq, f"entry {seq}'s link to entry {last_seq} was altered")
            return bad(
                last_seq,
                f"entry {last_seq} was replaced: entry {seq} was chained to a different hash",
            )
        if computed != stored:
            return bad(
                seq, f"entry {seq} ({kind}) was altered: its content does not match its hash"
            )
        prev = stored
        last_seq = seq
        count += 1
        if len(expected) >= 12 and stored.startswith(expected):
            expected_at = seq
    if (last_seq, prev) != (head_seq, head_hash):
        if last_seq < head_seq:
            problem = (
                f"entries {last_seq + 1}-{head_seq} missing: the incident's recorded "
                f"head is entry {head_seq} but the log ends at {last_seq}"
            )
            return bad(last_seq + 1, problem)
        return bad(
            last_seq,
            f"the log's head (entry {last_seq}, {prev[:12]}) does not match the head recorded "
            f"on the incident (entry {head_seq}, {head_hash[:12]})",
        )
    if expected_head is not None and expected_at is None:
        # A head shown earlier (thread header, report, export) must still be in the
        # chain: if it is not, entries up to it were rewritten or removed since.
        return bad(
            None,
            f"the head you gave ({expected[:12] or 'empty'}) is not in this log: entries "
            "were rewritten or removed since it was shown (give at least 12 hex digits)",
        )
    return Verification(ref, count, last_seq, prev, verified_from_head=expected_at)


def kept_label(data: Mapping[str, Any]) -> str:
    """'kept after a privacy warning: name, room' for a log entry that says so, or ''."""
    kept = data.get("privacy_kept")
    if not isinstance(kept, list) or not kept:
        return ""
    kinds = dict.fromkeys(
        str(k.get("kind", "")).replace("_", " ") for k in kept if isinstance(k, dict)
    )
    return f"kept after a privacy warning: {', '.join(k for k in kinds if k)}"
