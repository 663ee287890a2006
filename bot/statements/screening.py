"""The privacy check applied to statements: a template rendered with typed values and
scanned, each finding traced to the field it came from, and overrides matched to the
exact text they were given for."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from bot import phi
from bot.errors import CrisisError, InvalidInput, NotFound
from bot.incidents.context import (
    Context,
    clean_text,
)
from bot.phi import normalise
from bot.playbooks.model import Playbook
from bot.statements import platforms
from bot.statements.queries import find_version
from bot.statements.templates import StatementTemplate, load_template, render, statement_path
from bot.store.models import Statement

MAX_VALUE = 1000  # one variable's value


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
    platform: platforms.Platform

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


def screen(
    ctx: Context,
    template: StatementTemplate,
    values: Mapping[str, str],
    where: platforms.Platform | None = None,
) -> Screened:
    """Render and scan: the whole text, and each value alone to say where a finding is.
    The text must fit `where` (the audience's usual platform when not given).

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
    findings = phi.scan(text, ctx.org)
    where = where or platforms.platform(None, template)
    most = platforms.limit(template, where)
    if most is not None and len(text) > most:
        # Both at once: shortening the text should not be the first time a name shows up.
        found = "; ".join(f"{f.kind} “{f.text}” ({f.reason})" for f in findings[:5])
        more = f" and {len(findings) - 5} more" if len(findings) > 5 else ""
        raise InvalidInput(
            f"The {template.title.lower()} is {len(text):,} characters; "
            f"{platforms.describe(template, where)}. Shorten the values."
            + (f" The privacy check also found: {found}{more}." if findings else "")
        )
    keys = {
        name: {f.key for f in phi.scan(value, ctx.org)} for name, value in cleaned.items() if value
    }
    by_field: dict[str, list[phi.Finding]] = {}
    for finding in findings:
        source = next((name for name, found in keys.items() if finding.key in found), None)
        if source is None:
            source = next((n for n, v in cleaned.items() if v and finding.text in v), "")
        by_field.setdefault(source, []).append(finding)
    return Screened(template, text, tuple(findings), by_field, cleaned, where)


def text_digest(text: str) -> str:
    """Names one exact text, so an override applies only to the text it was given for."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def masked(finding: phi.Finding) -> dict[str, Any]:
    """What the log keeps of a blocked finding: its kind and shape, not the identifier."""
    shown = finding.text[:1] + "…" if len(finding.text) > 1 else "…"
    return {"kind": finding.kind, "reason": finding.reason, "text": shown}


def accepted_overrides(
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


def rescreen(ctx: Context, session: Session, st: Statement) -> str:
    """The current text, checked again: anything found and not overridden refuses."""
    current = find_version(session, st, st.version)
    accepted = {str(item.get("key")) for item in current.overrides}
    left = [f for f in phi.scan(current.text, ctx.org) if f.key not in accepted]
    if left:
        raise PrivacyFindings(left, {"": left})
    return current.text
