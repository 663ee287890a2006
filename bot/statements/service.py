"""Holding statements: drafted from the playbook's templates, screened for patient
information, approved by every approver role, then marked as published.

Plain functions like `service`: one transaction each, refusals a responder can read.
The PHI guard runs on every draft, at every approval and at publication, so no text
reaches "approved" or "published" with a finding nobody accounted for.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot import phi
from bot.errors import CrisisError, InvalidInput, NotFound
from bot.incidents import access
from bot.incidents import log as incident_log
from bot.incidents.context import (
    MAX_REASON,
    Context,
    Outcome,
    append_log,
    clean_text,
    enqueue,
    lock,
    require_open,
    transaction,
)
from bot.incidents.log import LogKind
from bot.incidents.queries import find_incident, holders, playbook_of, role_holders
from bot.outbox import Intent
from bot.phi import normalise
from bot.playbooks.model import Playbook
from bot.statements.templates import StatementTemplate, load_template, render, statement_path
from bot.store.models import Incident, LogEntry, Statement, StatementReview, StatementVersion

MAX_VALUE = 1000  # one variable's value
MAX_PLATFORM = 80
MAX_URL = 2000
# No spaces, quotes, angle brackets or bars: they would end a Slack link and let text in.
_URL = re.compile(r'^https?://[^\s/$.?#<>|"][^\s<>|"]*$', re.IGNORECASE)


class PrivacyFindings(CrisisError):
    """A draft carries what looks like patient information; nothing was saved.

    `by_field` maps a variable name (or "" for the template's own text) to its findings,
    so a form can show each next to the field it came from."""

    def __init__(self, findings: list[phi.Finding], by_field: dict[str, list[phi.Finding]]):
        self.findings = findings
        self.by_field = by_field
        kinds = ", ".join(sorted({f.kind.replace("_", " ") for f in findings}))
        super().__init__(
            f"The draft looks like it contains patient information ({kinds}): "
            + "; ".join(f"{f.reason}: “{f.text}”" for f in findings[:5])
            + ". Remove it, or ask the privacy officer to review."
        )


@dataclass(frozen=True)
class Screened:
    """A template rendered with its values, and what the guard found in it."""

    template: StatementTemplate
    text: str
    findings: tuple[phi.Finding, ...]
    by_field: dict[str, list[phi.Finding]]
    values: dict[str, str]  # as rendered: normalised, whitespace kept as typed

    def open_findings(self, overridden: Mapping[str, str]) -> list[phi.Finding]:
        return [f for f in self.findings if f.key not in overridden]


def org_values(org: phi.Org) -> dict[str, str]:
    return {
        "org_name": org.name,
        "org_phone": org.phone,
        "org_email": org.email,
        "org_website": org.website,
    }


def template_of(ctx: Context, playbook: Playbook, template_id: str) -> StatementTemplate:
    if template_id not in playbook.statements:
        known = ", ".join(playbook.statements) or "none"
        raise NotFound(f"{playbook.title} has no statement {template_id!r} (templates: {known})")
    return load_template(statement_path(ctx.messages_dir, playbook.id, template_id))


def templates_of(ctx: Context, playbook: Playbook) -> list[tuple[str, StatementTemplate]]:
    return [(sid, template_of(ctx, playbook, sid)) for sid in playbook.statements]


def screen(ctx: Context, template: StatementTemplate, values: Mapping[str, str]) -> Screened:
    """Render and scan: the whole text, and each value alone to say where a finding is.

    Values are normalised first (full-width letters folded, zero-width and other invisible
    characters removed), and that is the text saved, so nothing hides from the check."""
    typed = {name: normalise(value or "") for name, value in values.items()}
    cleaned = {
        name: (
            clean_text(value, name.replace("_", " "), MAX_VALUE, field=f"variables.{name}")
            if value.strip()
            else ""
        )
        for name, value in typed.items()
    }
    text = render(template, cleaned, org_values(ctx.org))
    if len(text) > template.max_length:
        raise InvalidInput(
            f"The {template.title.lower()} is {len(text)} characters; where it goes allows "
            f"{template.max_length}. Shorten the values."
        )
    findings = phi.scan(text, ctx.org)
    keys = {
        name: {f.key for f in phi.scan(value, ctx.org)} for name, value in cleaned.items() if value
    }
    by_field: dict[str, list[phi.Finding]] = {}
    for finding in findings:
        source = next((name for name, found in keys.items() if finding.key in found), None)
        if source is None:
            source = next((n for n, v in cleaned.items() if v and finding.text in v), "")
        by_field.setdefault(source, []).append(finding)
    return Screened(template, text, tuple(findings), by_field, cleaned)


def text_digest(text: str) -> str:
    """Names one exact text, so an override applies only to the text it was given for."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _masked(finding: phi.Finding) -> dict[str, Any]:
    """What the log keeps of a blocked finding: its kind and shape, not the identifier."""
    shown = finding.text[:1] + "…" if len(finding.text) > 1 else "…"
    return {"kind": finding.kind, "reason": finding.reason, "text": shown}


# -- drafting ----------------------------------------------------------------------------


def draft_statement(
    ctx: Context,
    *,
    incident: str,
    template_id: str,
    variables: Mapping[str, str],
    actor: str,
    statement: int | None = None,
    version: int | None = None,
    overrides: Mapping[str, str] | None = None,
    checked: str | None = None,
    draft_key: str | None = None,
) -> Outcome:
    """Draft a statement (or, with `statement`, a new version of one; `version` is the one
    the editor started from) and send it for approval.

    Refused with PrivacyFindings while the check finds anything the privacy officer has not
    overridden; the refusal is logged. `overrides` maps a finding's key (or short id) to the
    reason; `checked` is the `text_digest` of the text the officer saw, and the overrides
    are refused if the text changed since."""
    overrides = {
        key: clean_text(reason, "override reason", MAX_REASON)
        for key, reason in (overrides or {}).items()
    }
    # Render and scan before taking the incident's lock: on SQLite it holds every writer.
    with ctx.db.readers() as session:
        inc = find_incident(session, incident)
        if statement is not None:
            template_id = _statement(session, inc, statement).template_id
        template = template_of(ctx, playbook_of(inc), template_id)
    screened = screen(ctx, template, variables)
    with transaction(ctx, action="draft", actor=actor, ref=incident) as session:
        inc = lock(session, incident)
        require_open(inc)
        playbook = playbook_of(inc)
        facts = holders(inc, playbook, admins=ctx.admins, roles=role_holders(session, inc))
        access.require(actor, "draft", facts)
        if overrides:
            access.require(actor, "override_phi", facts)
        existing = _statement(session, inc, statement) if statement is not None else None
        if existing is None and draft_key is not None:
            number = session.scalar(
                select(Statement.number).where(Statement.draft_key == draft_key)
            )
            if number is not None:
                return Outcome(inc.ref, False, f"statement {number} was already drafted")
        if existing is not None:
            if existing.status == "published":
                raise InvalidInput(
                    f"Statement {existing.number} is published and cannot change; draft a new one"
                )
            if version is not None and version != existing.version:
                raise InvalidInput(
                    f"Statement {existing.number} has a newer version (v{existing.version}) "
                    f"than the one you edited (v{version}); open it again"
                )
        accepted = _accepted(screened, overrides, checked)
        blocked = [f for f in screened.findings if f.key not in accepted]
        if blocked:
            inc_ref = inc.ref
        else:
            return _save(
                ctx, session, inc, playbook, screened, actor, existing, accepted, draft_key
            )
    _log_blocked(ctx, inc_ref, actor, template_id, blocked)
    raise PrivacyFindings(
        blocked,
        {
            k: [f for f in v if f in blocked]
            for k, v in screened.by_field.items()
            if any(f in blocked for f in v)
        },
    )


def _accepted(
    screened: Screened, overrides: Mapping[str, str], checked: str | None
) -> dict[str, str]:
    """Finding key -> override reason, for overrides that match this exact text."""
    if not overrides:
        return {}
    if checked is not None and checked != text_digest(screened.text):
        raise InvalidInput(
            "The text changed since the privacy check was shown; check it again before overriding",
            field="overrides",
        )
    accepted: dict[str, str] = {}
    for finding in screened.findings:
        reason = overrides.get(finding.key) or overrides.get(finding.short_id)
        if reason:
            accepted[finding.key] = reason
    named = {f.key for f in screened.findings} | {f.short_id for f in screened.findings}
    if set(overrides) - named:
        raise InvalidInput(
            "an override names a finding that is not in this text; check the draft again",
            field="overrides",
        )
    return accepted


def _log_blocked(
    ctx: Context, ref: str, actor: str, template_id: str, blocked: list[phi.Finding]
) -> None:
    """The screening that refused a draft is part of the record (without the identifiers)."""
    with transaction(ctx, action="draft", actor=actor, ref=ref) as session:
        inc = lock(session, ref)
        kinds = ", ".join(sorted({f.kind.replace("_", " ") for f in blocked}))
        append_log(
            session,
            ctx,
            inc,
            actor,
            LogKind.STATEMENT_SCREENED,
            f"Draft {template_id} refused by the privacy check: {len(blocked)} finding(s) ({kinds})",
            template=template_id,
            blocked=True,
            findings=[_masked(f) for f in blocked],
        )


def _save(
    ctx: Context,
    session: Session,
    inc: Incident,
    playbook: Playbook,
    screened: Screened,
    actor: str,
    existing: Statement | None,
    overrides: Mapping[str, str],
    draft_key: str | None,
) -> Outcome:
    now = ctx.clock()
    values = {k: " ".join(v.split()) for k, v in screened.values.items()}
    if existing is not None:
        current = _version(session, existing, existing.version)
        if current.text == screened.text and current.variables == values:
            return Outcome(inc.ref, False, f"statement {existing.number} is unchanged")
        existing.version += 1
        existing.status, existing.approved_at = "awaiting", None
        st = existing
    else:
        number = 1 + (
            session.scalar(
                select(func.max(Statement.number)).where(Statement.incident_id == inc.id)
            )
            or 0
        )
        st = Statement(
            incident_id=inc.id,
            number=number,
            template_id=screened.template.path.stem,
            title=screened.template.title,
            audience=screened.template.audience,
            author=actor,
            created_at=now,
            version=1,
            status="awaiting",
            draft_key=draft_key,
        )
        session.add(st)
        try:
            session.flush()
        except IntegrityError:  # a double-submitted form raced this one
            raise InvalidInput("this draft was already submitted") from None
    accepted = [
        {"kind": f.kind, "text": f.text, "reason": overrides[f.key], "by": actor, "key": f.key}
        for f in {f.key: f for f in screened.findings}.values()  # once per finding, not per place
    ]
    session.add(
        StatementVersion(
            statement_id=st.id,
            version=st.version,
            text=screened.text,
            variables=values,
            overrides=accepted,
            author=actor,
            created_at=now,
        )
    )
    for item in accepted:
        append_log(
            session,
            ctx,
            inc,
            actor,
            LogKind.PHI_OVERRIDDEN,
            f"Privacy finding overridden in statement {st.number} v{st.version}: "
            f"{item['kind']} “{item['text']}” (reason: {item['reason']})",
            statement=st.number,
            version=st.version,
            finding_kind=item["kind"],
            finding=item["text"],
            reason=item["reason"],
        )
    verb = "Drafted" if st.version == 1 else "Revised"
    seq = append_log(
        session,
        ctx,
        inc,
        actor,
        LogKind.STATEMENT_DRAFTED,
        f"{verb} statement {st.number} ({st.title}) v{st.version}, awaiting approval by "
        f"{', '.join(playbook.approvers)}",
        statement=st.number,
        version=st.version,
        template=st.template_id,
        audience=st.audience,
        statement_text=screened.text,
        findings=len(screened.findings),
        overridden=len(accepted),
    )
    enqueue(session, ctx, inc, Intent.STATEMENT, number=st.number)
    return Outcome(inc.ref, True, f"statement {st.number} v{st.version} awaits approval", seq)


# -- review ------------------------------------------------------------------------------


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
        _rescreen(ctx, session, st)
        now = ctx.clock()
        for role in todo:
            _review(
                session, st, reviews, role, actor=actor, decision="approved", comment="", now=now
            )
        authors = {st.author, _version(session, st, st.version).author}
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
    access.require(actor, "approve", holders(inc, playbook, admins=ctx.admins, roles=roles))
    st = _statement(session, inc, statement)
    _current(st, version)
    return inc, playbook, roles, st, _reviews(session, st)


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
        )
        enqueue(session, ctx, inc, Intent.STATEMENT, number=st.number)
        return Outcome(inc.ref, True, f"changes requested on statement {st.number}", seq)


def publish_statement(
    ctx: Context,
    *,
    incident: str,
    statement: int,
    actor: str,
    platform: str,
    url: str = "",
    published_at: dt.datetime | None = None,
    version: int | None = None,
) -> Outcome:
    """Record where and when an approved statement went out (one entry per place).

    `version` is the one the person saw when they published; a newer one is refused.
    Recording the same place again for the same version changes nothing."""
    platform = clean_text(platform, "platform", MAX_PLATFORM, field="platform", single_line=True)
    url = (url or "").strip()
    if url and (len(url) > MAX_URL or not _URL.match(url)):
        raise InvalidInput(f"{url[:80]!r} is not a web address (https://...)", field="url")
    with transaction(ctx, action="publish", actor=actor, ref=incident) as session:
        inc = lock(session, incident)
        playbook = playbook_of(inc)
        access.require(
            actor,
            "publish",
            holders(inc, playbook, admins=ctx.admins, roles=role_holders(session, inc)),
        )
        st = _statement(session, inc, statement)
        if st.status not in ("approved", "published") or st.approved_at is None:
            raise InvalidInput(
                f"Statement {st.number} is not approved yet; it can be published once every "
                "approver has approved it"
            )
        if version is not None and version != st.version:
            raise InvalidInput(
                f"Statement {st.number} is now at v{st.version}; you published v{version}. "
                "Check which text went out and record it again"
            )
        if _published_before(session, inc, st, platform, url):
            return Outcome(
                inc.ref, False, f"statement {st.number} on {platform} is already recorded"
            )
        now = ctx.clock()
        when = published_at or now
        if when > now + dt.timedelta(minutes=1):
            raise InvalidInput("the publication time is in the future", field="published_at")
        if when < st.approved_at - dt.timedelta(minutes=1):
            raise InvalidInput(
                "the publication time is before the statement was approved", field="published_at"
            )
        text = _rescreen(ctx, session, st)
        first = st.published_at is None
        st.status = "published"
        st.published_at = min(st.published_at or when, when)
        stamp = incident_log.format_ts(when)
        seq = append_log(
            session,
            ctx,
            inc,
            actor,
            LogKind.STATEMENT_PUBLISHED,
            f"Published statement {st.number} v{st.version} on {platform}"
            + (f" ({url})" if url else "")
            + f" at {stamp}",
            statement=st.number,
            version=st.version,
            platform=platform,
            url=url,
            published_at=stamp,
            first=first,
            statement_text=text,
        )
        enqueue(session, ctx, inc, Intent.STATEMENT, number=st.number)
        return Outcome(inc.ref, True, f"statement {st.number} published on {platform}", seq)


# -- lookups -----------------------------------------------------------------------------


def _published_before(
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


def _statement(session: Session, inc: Incident, number: int) -> Statement:
    st = session.scalars(
        select(Statement).where(Statement.incident_id == inc.id, Statement.number == number)
    ).one_or_none()
    if st is None:
        raise NotFound(f"{inc.ref} has no statement {number}")
    return st


def _version(session: Session, st: Statement, version: int) -> StatementVersion:
    return session.scalars(
        select(StatementVersion).where(
            StatementVersion.statement_id == st.id, StatementVersion.version == version
        )
    ).one()


def _current(st: Statement, version: int) -> None:
    if st.status == "published":
        raise InvalidInput(f"Statement {st.number} is already published")
    if version != st.version:
        raise InvalidInput(
            f"Statement {st.number} has a newer version (v{st.version}) than the one you "
            f"reviewed (v{version}); read the new text first"
        )


def _reviews(session: Session, st: Statement) -> dict[str, StatementReview]:
    rows = session.scalars(
        select(StatementReview).where(
            StatementReview.statement_id == st.id, StatementReview.version == st.version
        )
    )
    return {r.role_id: r for r in rows}


def _rescreen(ctx: Context, session: Session, st: Statement) -> str:
    """The current text, checked again: anything found and not overridden refuses."""
    current = _version(session, st, st.version)
    accepted = {str(item.get("key")) for item in current.overrides}
    left = [f for f in phi.scan(current.text, ctx.org) if f.key not in accepted]
    if left:
        raise PrivacyFindings(left, {"": left})
    return current.text
