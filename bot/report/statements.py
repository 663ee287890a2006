"""What was said publicly: each statement's versions, reviews and publications, from the log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from bot.incidents.log import LogKind
from bot.playbooks.model import Playbook
from bot.report.entries import Entry, data_int, data_str, parse_ts
from bot.report.model import (
    Approval,
    ChangeRequest,
    FirstHolding,
    PrivacyOverride,
    Publication,
    RefusedDraft,
    StatementRecord,
    StatementVersionLine,
)
from bot.statements.platforms import PLATFORMS

HOLDING_TEMPLATE = "initial-holding"
_KINDS = (
    LogKind.STATEMENT_DRAFTED,
    LogKind.STATEMENT_APPROVED,
    LogKind.STATEMENT_CHANGES_REQUESTED,
    LogKind.PHI_OVERRIDDEN,
    LogKind.STATEMENT_PUBLISHED,
)


def statement_records(
    entries: Sequence[Entry], rows: Sequence[Any], playbook: Playbook
) -> tuple[StatementRecord, ...]:
    """One record per statement row (number, template_id, title, audience, platform,
    author, status)."""
    by_number: dict[int, list[Entry]] = {}
    for e in entries:
        if e.kind in _KINDS:
            by_number.setdefault(data_int(e.data, "statement"), []).append(e)
    return tuple(_record(row, by_number.get(row.number, []), playbook) for row in rows)


def _role_titles(playbook: Playbook, roles: object) -> tuple[str, ...]:
    ids = [str(r) for r in roles] if isinstance(roles, list) else []
    return tuple(playbook.role_title(r) for r in ids)


def _record(row: Any, entries: list[Entry], playbook: Playbook) -> StatementRecord:
    versions, approvals, changes, overrides, publications = [], [], [], [], []
    for e in entries:
        version = data_int(e.data, "version")
        if e.kind == LogKind.STATEMENT_DRAFTED:
            versions.append(
                StatementVersionLine(
                    version=version,
                    at=e.ts,
                    actor=e.actor,
                    template_id=data_str(e.data, "template") or row.template_id,
                    text=data_str(e.data, "statement_text"),
                )
            )
        elif e.kind == LogKind.STATEMENT_APPROVED:
            approvals.append(
                Approval(
                    version=version,
                    at=e.ts,
                    actor=e.actor,
                    roles=_role_titles(playbook, e.data.get("roles")),
                    final=bool(e.data.get("final")),
                )
            )
        elif e.kind == LogKind.STATEMENT_CHANGES_REQUESTED:
            changes.append(ChangeRequest(version, e.ts, e.actor, data_str(e.data, "comment")))
        elif e.kind == LogKind.PHI_OVERRIDDEN:
            overrides.append(
                PrivacyOverride(
                    version=version,
                    at=e.ts,
                    actor=e.actor,
                    kind=data_str(e.data, "finding_kind"),
                    finding=data_str(e.data, "finding"),
                    reason=data_str(e.data, "reason"),
                )
            )
        else:
            publications.append(
                Publication(
                    version=version,
                    platform=data_str(e.data, "platform"),
                    url=data_str(e.data, "url"),
                    published_at=parse_ts(e.data.get("published_at"), e.ts),
                    recorded_at=e.ts,
                    actor=e.actor,
                )
            )
    return StatementRecord(
        number=row.number,
        template_id=row.template_id,
        title=row.title,
        audience=row.audience,
        platform=PLATFORMS[row.platform].name if row.platform in PLATFORMS else "",
        author=row.author,
        status=row.status,
        versions=tuple(versions),
        approvals=tuple(approvals),
        changes=tuple(changes),
        overrides=tuple(overrides),
        publications=tuple(publications),
    )


def refused_drafts(entries: Sequence[Entry]) -> tuple[RefusedDraft, ...]:
    """Drafts the privacy check refused; the log keeps the kinds found, never the text."""
    refused = []
    for e in entries:
        if e.kind != LogKind.STATEMENT_SCREENED or not e.data.get("blocked"):
            continue
        findings = e.data.get("findings")
        kinds = sorted(
            {
                str(f.get("kind", "")).replace("_", " ")
                for f in (findings if isinstance(findings, list) else [])
                if isinstance(f, dict)
            }
        )
        refused.append(RefusedDraft(e.ts, e.actor, data_str(e.data, "template"), tuple(kinds)))
    return tuple(refused)


def first_holding(
    records: Sequence[StatementRecord], started_at: dt.datetime
) -> FirstHolding | None:
    """The first initial holding statement approved for use, and how long it took."""
    approved = [
        (st.approved_at, st.number)
        for st in records
        if st.template_id == HOLDING_TEMPLATE and st.approved_at is not None
    ]
    if not approved:
        return None
    at, number = min(approved)
    return FirstHolding(number=number, approved_at=at, elapsed=at - started_at)
