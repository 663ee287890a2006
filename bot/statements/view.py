"""Read side of statements: each one with its current text, reviews and publications."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.errors import NotFound
from bot.incidents.context import Context
from bot.incidents.log import LogKind
from bot.incidents.queries import find_incident, playbook_of, role_holders
from bot.statements.review import approval_missing
from bot.store.models import Incident, LogEntry, Statement, StatementReview, StatementVersion


@dataclass(frozen=True)
class Review:
    role_id: str
    role_title: str
    holder: str | None  # who holds the role now
    user_id: str | None  # who reviewed this version, if anyone
    decision: str | None  # approved | changes | None (waiting)
    comment: str
    at: dt.datetime | None


@dataclass(frozen=True)
class Publication:
    platform: str
    url: str
    published_at: str  # as logged, UTC
    actor: str


@dataclass(frozen=True)
class StatementView:
    ref: str
    number: int
    template_id: str
    title: str
    audience: str
    platform: str | None  # where it goes (an id in platforms.PLATFORMS); None before 0010
    author: str
    status: str  # awaiting | changes | approved | published
    version: int
    text: str
    variables: dict[str, Any]
    overrides: list[dict[str, Any]]
    version_author: str
    created_at: dt.datetime
    revised_at: dt.datetime
    approved_at: dt.datetime | None
    published_at: dt.datetime | None
    reviews: tuple[Review, ...]
    missing: str  # what approval still needs, in words
    publications: tuple[Publication, ...]


def list_statements(ctx: Context, ref: str) -> list[StatementView]:
    with ctx.db.readers() as session:
        inc = find_incident(session, ref)
        rows = session.scalars(
            select(Statement).where(Statement.incident_id == inc.id).order_by(Statement.number)
        ).all()
        return [_view(session, inc, st) for st in rows]


def get_statement(ctx: Context, ref: str, number: int) -> StatementView:
    with ctx.db.readers() as session:
        inc = find_incident(session, ref)
        st = session.scalars(
            select(Statement).where(Statement.incident_id == inc.id, Statement.number == number)
        ).one_or_none()
        if st is None:
            raise NotFound(f"{inc.ref} has no statement {number}")
        return _view(session, inc, st)


def _view(session: Session, inc: Incident, st: Statement) -> StatementView:
    playbook = playbook_of(inc)
    holders = role_holders(session, inc)
    current = session.scalars(
        select(StatementVersion).where(
            StatementVersion.statement_id == st.id, StatementVersion.version == st.version
        )
    ).one()
    reviews = {
        r.role_id: r
        for r in session.scalars(
            select(StatementReview).where(
                StatementReview.statement_id == st.id, StatementReview.version == st.version
            )
        )
    }
    shown = tuple(
        Review(
            role_id=role,
            role_title=playbook.role(role).title,
            holder=holders.get(role),
            user_id=reviews[role].user_id if role in reviews else None,
            decision=reviews[role].decision if role in reviews else None,
            comment=reviews[role].comment if role in reviews else "",
            at=reviews[role].at if role in reviews else None,
        )
        for role in playbook.approvers
    )
    published = session.execute(
        select(LogEntry.actor, LogEntry.data)
        .where(LogEntry.incident_id == inc.id, LogEntry.kind == LogKind.STATEMENT_PUBLISHED)
        .order_by(LogEntry.seq)
    )
    publications = tuple(
        Publication(
            platform=str(data.get("platform", "")),
            url=str(data.get("url", "")),
            published_at=str(data.get("published_at", "")),
            actor=actor,
        )
        for actor, data in published
        if data.get("statement") == st.number
    )
    return StatementView(
        ref=inc.ref,
        number=st.number,
        template_id=st.template_id,
        title=st.title,
        audience=st.audience,
        platform=st.platform,
        author=st.author,
        status=st.status,
        version=st.version,
        text=current.text,
        variables=dict(current.variables),
        overrides=list(current.overrides),
        version_author=current.author,
        created_at=st.created_at,
        revised_at=current.created_at,
        approved_at=st.approved_at,
        published_at=st.published_at,
        reviews=shown,
        missing=approval_missing(playbook, {st.author, current.author}, reviews, holders),
        publications=publications,
    )
