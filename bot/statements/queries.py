"""Reading a statement inside a transaction: by number, a version, its current reviews,
and whether a publication was recorded already."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.errors import InvalidInput, NotFound
from bot.incidents.log import LogKind
from bot.store.models import Incident, LogEntry, Statement, StatementReview, StatementVersion


def published_before(
    session: Session, inc: Incident, st: Statement, platform: str, url: str
) -> bool:
    rows = session.scalars(
        select(LogEntry.data).where(
            LogEntry.incident_id == inc.id, LogEntry.kind == LogKind.STATEMENT_PUBLISHED
        )
    )
    return any(
        data.get("statement") == st.number
        and data.get("version") == st.version
        and str(data.get("platform", "")).casefold() == platform.casefold()
        and data.get("url", "") == url
        for data in rows
    )


def find_statement(session: Session, inc: Incident, number: int) -> Statement:
    st = session.scalars(
        select(Statement).where(Statement.incident_id == inc.id, Statement.number == number)
    ).one_or_none()
    if st is None:
        raise NotFound(f"{inc.ref} has no statement {number}")
    return st


def find_version(session: Session, st: Statement, version: int) -> StatementVersion:
    return session.scalars(
        select(StatementVersion).where(
            StatementVersion.statement_id == st.id, StatementVersion.version == version
        )
    ).one()


def require_current(st: Statement, version: int) -> None:
    if st.status == "published":
        raise InvalidInput(f"Statement {st.number} is already published")
    if version != st.version:
        raise InvalidInput(
            f"Statement {st.number} has a newer version (v{st.version}) than the one you "
            f"reviewed (v{version}); read the new text first"
        )


def current_reviews(session: Session, st: Statement) -> dict[str, StatementReview]:
    rows = session.scalars(
        select(StatementReview).where(
            StatementReview.statement_id == st.id, StatementReview.version == st.version
        )
    )
    return {r.role_id: r for r in rows}
