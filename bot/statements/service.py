"""Holding statements: drafted from the playbook's templates, screened for patient
information, approved by every approver role, then marked as published.

Plain functions like `service`: one transaction each, refusals a responder can read.
The PHI guard runs on every draft, at every approval and at publication, so no text
reaches "approved" or "published" with a finding nobody accounted for.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot import phi
from bot.errors import InvalidInput
from bot.incidents import access, events, privacy
from bot.incidents import log as incident_log
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
from bot.incidents.queries import find_incident, playbook_of
from bot.outbox import Intent
from bot.playbooks.model import STATEMENT_PUBLISHED, Playbook
from bot.statements import platforms
from bot.statements.queries import (
    find_statement,
    find_version,
    published_before,
)
from bot.statements.screening import (
    PrivacyFindings,
    Screened,
    accepted_overrides,
    masked,
    rescreen,
    screen,
    template_of,
)
from bot.store.models import Incident, Statement, StatementVersion

MAX_PLATFORM = 80
MAX_URL = 2000
# No spaces, quotes, angle brackets or bars: they would end a Slack link and let text in.
_URL = re.compile(r'^https?://[^\s/$.?#<>|"][^\s<>|"]*$', re.IGNORECASE)


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
    platform: str | None = None,
) -> Outcome:
    """Draft a statement (or, with `statement`, a new version of one; `version` is the one
    the editor started from) and send it for approval.

    `platform` (an id in `platforms.PLATFORMS`) is where it goes and sets its length limit;
    left out, a new statement goes where its audience usually does and a new version
    where the statement already went.

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
            st = find_statement(session, inc, statement)
            template_id, platform = st.template_id, platform or st.platform
        template = template_of(ctx, playbook_of(inc), template_id)
    screened = screen(ctx, template, variables, platforms.platform(platform, template))
    with transaction(ctx, action="draft", actor=actor, ref=incident) as session:
        inc = lock(session, incident)
        require_open(inc)
        playbook = playbook_of(inc)
        facts = holders_in(session, ctx, inc)
        access.require(actor, "draft", facts)
        if overrides:
            access.require(actor, "override_phi", facts)
        existing = find_statement(session, inc, statement) if statement is not None else None
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
        accepted = accepted_overrides(screened, overrides, checked)
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
            findings=[masked(f) for f in blocked],
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
        current = find_version(session, existing, existing.version)
        if (
            current.text == screened.text
            and current.variables == values
            and existing.platform == screened.platform.id
        ):
            return Outcome(inc.ref, False, f"statement {existing.number} is unchanged")
        existing.version += 1
        existing.status, existing.approved_at = "awaiting", None
        existing.platform = screened.platform.id
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
            platform=screened.platform.id,
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
        f"{verb} statement {st.number} ({st.title}) v{st.version} for "
        f"{screened.platform.name}, awaiting approval by {', '.join(playbook.approvers)}",
        statement=st.number,
        version=st.version,
        template=st.template_id,
        audience=st.audience,
        platform=screened.platform.id,
        statement_text=screened.text,
        findings=len(screened.findings),
        overridden=len(accepted),
    )
    enqueue(session, ctx, inc, Intent.STATEMENT, number=st.number)
    return Outcome(inc.ref, True, f"statement {st.number} v{st.version} awaits approval", seq)


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
    kept = privacy.screen(
        ctx, actor=actor, action="publish", ref=incident, texts={"platform": platform}
    )
    with transaction(ctx, action="publish", actor=actor, ref=incident) as session:
        inc = lock(session, incident)
        playbook = playbook_of(inc)
        access.require(
            actor,
            "publish",
            holders_in(session, ctx, inc),
        )
        st = find_statement(session, inc, statement)
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
        if published_before(session, inc, st, platform, url):
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
        text = rescreen(ctx, session, st)
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
            **privacy.logged(kept),
        )
        events.complete_by(
            session,
            ctx,
            inc,
            playbook,
            actor,
            STATEMENT_PUBLISHED,
            template=st.template_id,
            what=f"statement {st.number} published on {platform}",
            statement=st.number,
        )
        enqueue(session, ctx, inc, Intent.STATEMENT, number=st.number)
        return Outcome(inc.ref, True, f"statement {st.number} published on {platform}", seq)
