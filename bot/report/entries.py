"""The incident's log entries as the report reads them: one query, in seq order."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from sqlalchemy.orm import Session

from bot.incidents import log as incident_log


class Entry(NamedTuple):
    """One log entry; also the row shape `incident_log.verify_rows` checks."""

    seq: int
    ts: dt.datetime
    actor: str
    kind: str
    text: str
    data: dict[str, Any]
    prev_hash: str
    hash: str


def read(session: Session, incident_id: int) -> list[Entry]:
    return [Entry._make(row) for row in incident_log.chain_rows(session, incident_id)]


def data_str(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return "" if value is None else str(value)


def data_int(data: dict[str, Any], key: str) -> int:
    value = data.get(key)
    if isinstance(value, bool):
        return int(value)
    try:
        return int(value) if value is not None else 0
    except (TypeError, ValueError):
        return 0


def parse_ts(value: object, default: dt.datetime) -> dt.datetime:
    """A time the log keeps as text (YYYY-MM-DDTHH:MM:SS.mmmZ), or `default`."""
    try:
        parsed = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return default
    return parsed.astimezone(dt.UTC) if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
