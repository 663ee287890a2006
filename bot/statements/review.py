"""Approvers' decisions on a statement: approve the current version, or ask for changes.
A statement is approved once every approver role has approved its current version."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlalchemy.orm import Session

from bot.incidents import access, privacy
from bot.incidents.context import (
    MAX_REASON,
    Context,
    Outcome,
    append_log,
    clean_text,
    enqueue,
    holders_in,
    lock,
    require_open,
    transaction,
)
from bot.incidents.log import LogKind
from bot.incidents.queries import playbook_of, role_holders
from bot.outbox import Intent
from bot.playbooks.model import Playbook
from bot.statements.queries import current_reviews, find_statement, find_version, require_current
from bot.statements.screening import rescreen
from bot.store.models import Incident, Statement, StatementReview


def approve_statement(
    ctx: Context, *, incident: str, statement: int, version: int, actor: str
) -> Outcome:
    """Approve a version for every approver role the actor holds. The statement is
    approved once every approver role has approved the current version, by at least two
    different people (or, with one approver role, by someone other than the author)."""
    with transaction(ctx, action="approve", actor=actor, ref=incident) as session:
        inc, playbook, roles, st, reviews = _under_review(
            ctx, session, incident, statement, version, actor
        )
        mine = [r for r in playbook.approvers if roles.get(r) == actor]
        todo = [r for r in mine if not _approved_by(reviews.get(r), actor)]
        if not todo:
            return Outcome(inc.ref, False, f"you already approved statement {st.number} v{version}")
        rescreen(ctx, session, st)
        now = ctx.clock()
        for role in todo:
            _review(
                session, st, reviews, role, actor=actor, decision="approved", comment="", now=now
            )
        authors = {st.author, find_version(session, st, st.version).author}
        missing = approval_missing(playbook, authors, reviews, roles)
        final = not missing
        if final:
            st.status, st.approved_at = "approved", now
        elif st.status == "changes" and not any(r.decision == "changes" for r in reviews.values()):
            st.status = "awaiting"
        titles = ", ".join(playbook.role(r).title for r in todo)
        text = f"Approved statement {st.number} v{version} as {titles}" + (
            " — approved for use" if final else f" (waiting for {missing})"
        )
        seq = append_log(
            session,
            ctx,
            inc,
            actor,
            LogKind.STATEMENT_APPROVED,
            text,
            statement=st.number,
            version=version,
            roles=todo,
            final=final,
        )
        enqueue(session, ctx, inc, Intent.STATEMENT, number=st.number)
        return Outcome(inc.ref, True, text, seq)


def _under_review(
    ctx: Context, session: Session, incident: str, statement: int, version: int, actor: str
) -> tuple[Incident, Playbook, dict[str, str], Statement, dict[str, StatementReview]]:
    """What an approver acts on: the locked incident, its playbook and role holders, the
    statement at the version they read, and its reviews so far; refused for others."""
    inc = lock(session, incident)
    require_open(inc)
    playbook = playbook_of(inc)
    roles = role_holders(session, inc)
    access.require(
        actor,
        "approve",
        holders_in(session, ctx, inc, roles),
    )
    st = find_statement(session, inc, statement)
    require_current(st, version)
    return inc, playbook, roles, st, current_reviews(session, st)


def _review(
    session: Session,
    st: Statement,
    reviews: dict[str, StatementReview],
    role: str,
    *,
    actor: str,
    decision: str,
    comment: str,
    now: dt.datetime,
) -> None:
    """Record (or replace) a role's decision on the current version."""
    review = reviews.get(role)
    if review is None:
        review = StatementReview(
            statement_id=st.id,
            version=st.version,
            role_id=role,
            user_id=actor,
            decision=decision,
            comment=comment,
            at=now,
        )
        session.add(review)
        reviews[role] = review
    else:
        review.user_id, review.decision, review.comment, review.at = actor, decision, comment, now


def _approved_by(review: StatementReview | None, user: str | None) -> bool:
    return review is not None and review.decision == "approved" and review.user_id == user


def approval_missing(
    playbook: Playbook,
    authors: set[str],
    reviews: Mapping[str, StatementReview],
    holders: Mapping[str, str],
) -> str:
    """What the current version still needs, in words; empty when it is approved.

    An approval counts while its giver still holds the role: when a role changes hands,
    the new holder approves again. With one approver role, that approver must not be
    an author of the statement; with several, the approvals come from two people or more."""
    waiting = [
        playbook.role(r).title
        for r in playbook.approvers
        if not _approved_by(reviews.get(r), holders.get(r))
    ]
    if waiting:
        return ", ".join(waiting)
    people = {reviews[r].user_id for r in playbook.approvers}
    if len(playbook.approvers) == 1:
        return "an approver who did not write it" if people & authors else ""
    return "" if len(people) >= 2 else "a second person (every approval so far is one person's)"


def request_changes(
    ctx: Context, *, incident: str, statement: int, version: int, actor: str, comment: str
) -> Outcome:
    """An approver asks for changes, saying what; the author edits (a new version)."""
    comment = clean_text(comment, "comment", MAX_REASON, field="comment")
    kept = privacy.screen(
        ctx, actor=actor, action="request_changes", ref=incident, texts={"comment": comment}
    )
    with transaction(ctx, action="approve", actor=actor, ref=incident) as session:
        inc, playbook, roles, st, reviews = _under_review(
            ctx, session, incident, statement, version, actor
        )
        now = ctx.clock()
        mine = [r for r in playbook.approvers if roles.get(r) == actor]
        for role in mine:
            _review(
                session,
                st,
                reviews,
                role,
                actor=actor,
                decision="changes",
                comment=comment,
                now=now,
            )
        st.status, st.approved_at = "changes", None
        seq = append_log(
            session,
            ctx,
            inc,
            actor,
            LogKind.STATEMENT_CHANGES_REQUESTED,
            f"Changes requested on statement {st.number} v{version}: {comment}",
            statement=st.number,
            version=version,
            roles=mine,
            comment=comment,
            **privacy.logged(kept),
        )
        enqueue(session, ctx, inc, Intent.STATEMENT, number=st.number)
        return Outcome(inc.ref, True, f"changes requested on statement {st.number}", seq)
