"""Block Kit for statements: the card in the incident thread and the drafting modals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from bot.phi.model import Finding
from bot.render.blocks import (
    Block,
    button,
    context,
    cut,
    cut_escaped,
    esc,
    local,
    mention,
    modal,
    option,
    section,
    text_input,
)
from bot.slack import ids
from bot.statements import platforms
from bot.statements.platforms import PLATFORMS
from bot.statements.screening import text_digest
from bot.statements.templates import StatementTemplate
from bot.statements.view import StatementView

AUDIENCE = {
    "public-post": "public post",
    "press": "press",
    "reply": "reply to commenters",
    "internal": "internal (staff)",
}
STATUS = {
    "awaiting": ":hourglass_flowing_sand: Awaiting approval",
    "changes": ":pencil2: Changes requested",
    "approved": ":white_check_mark: Approved: ready to copy",
    "published": ":mega: Published",
}


def finding_line(finding: Finding) -> str:
    return f"{finding.reason}: “{cut(finding.text, 80)}”"


def _quoted(text: str) -> str:
    return "\n".join("> " + (esc(line) or " ") for line in text.split("\n"))


def _copyable(text: str) -> str:
    return "```" + esc(text).replace("```", "ʼʼʼ") + "```"


def card(st: StatementView, tz: ZoneInfo) -> tuple[str, list[Block]]:
    """A statement in the thread: its text, who approved what, and the next controls."""
    value = f"{st.ref}|{st.number}"
    head = (
        f"*Statement {st.number} · {esc(st.title)}* ({AUDIENCE.get(st.audience, st.audience)})"
        f" · v{st.version}\n{STATUS.get(st.status, st.status)}"
    )
    blocks: list[Block] = [section(head)]
    copy = st.status in ("approved", "published")
    blocks += [section(_copyable(part) if copy else _quoted(part)) for part in _parts(st.text)]
    where = PLATFORMS.get(st.platform or "")
    about = [
        f"{len(st.text):,} characters"
        + (f" for {esc(where.name)}" if where else "")
        + (f" (limit {where.limit:,})" if where and where.limit else "")
        + " · drafted by {mention(st.author)} {local(st.created_at, tz)}"
        + (
            f" · v{st.version} by {mention(st.version_author)} {local(st.revised_at, tz)}"
            if st.version > 1
            else ""
        )
    ]
    blocks.append(context(*about))
    overridden = [
        f":shield: Privacy finding overridden by {mention(str(item.get('by')))}: "
        f"{esc(str(item.get('kind', '')).replace('_', ' '))} “{cut_escaped(str(item.get('text', '')), 80)}”"
        f" (reason: {cut_escaped(str(item.get('reason', '')), 300)})"
        for item in st.overrides
    ]
    blocks += _sections(overridden)
    lines = []
    for r in st.reviews:
        if r.decision == "approved":
            lines.append(
                f":white_check_mark: *{esc(r.role_title)}*: approved by {mention(r.user_id)} {local(r.at, tz)}"
            )
        elif r.decision == "changes":
            lines.append(
                f":pencil2: *{esc(r.role_title)}*: changes requested by {mention(r.user_id)}: "
                f"{cut_escaped(r.comment, 500)}"
            )
        else:
            lines.append(f":hourglass: *{esc(r.role_title)}* ({mention(r.holder)}): waiting")
    if st.status in ("awaiting", "changes") and st.missing:
        lines.append(f"_Still needs: {esc(st.missing)}._")
    for p in st.publications:
        name = cut_escaped(p.platform, 80).replace("|", "¦")
        where = f"<{esc(p.url)}|{name}>" if p.url else name
        lines.append(
            f":mega: Published on {where} at {_shown(p.published_at, tz)} (recorded by {mention(p.actor)})"
        )
    blocks += _sections(lines)
    controls = []
    if st.status in ("awaiting", "changes"):
        at = f"{value}|{st.version}"
        controls += [
            button("Approve", ids.Action.STATEMENT_APPROVE, at, style="primary"),
            button("Request changes…", ids.Action.STATEMENT_CHANGES_OPEN, at),
            button("Edit…", ids.Action.STATEMENT_EDIT, value),
        ]
    elif st.status == "approved":
        controls += [
            button("Mark as published…", ids.Action.STATEMENT_PUBLISH_OPEN, value, style="primary"),
            button("Edit…", ids.Action.STATEMENT_EDIT, value),
        ]
    else:
        controls.append(
            button("Published somewhere else too…", ids.Action.STATEMENT_PUBLISH_OPEN, value)
        )
    blocks.append({"type": "actions", "block_id": f"statement|{st.number}", "elements": controls})
    text = f"{st.ref} statement {st.number} ({st.title}) v{st.version}: {STATUS[st.status].split(' ', 1)[1]}"
    return esc(text), blocks


def _parts(text: str, limit: int = 2800) -> list[str]:
    """The whole text in pieces that fit a section once escaped: never cut short."""
    pieces: list[tuple[str, str]] = []  # (glue before it, piece)
    for line in text.split("\n"):
        glue = "\n"
        while len(esc(line)) > limit:  # a very long line alone: split it (an escape is <= 5)
            pieces.append((glue, line[: limit // 5]))
            glue, line = "", line[limit // 5 :]
        pieces.append((glue, line))
    parts: list[str] = []
    for glue, piece in pieces:
        if parts and len(esc(parts[-1] + glue + piece)) <= limit:
            parts[-1] += glue + piece
        else:
            parts.append(piece)
    return parts


def _sections(lines: list[str], limit: int = 2900) -> list[Block]:
    """Lines in as few sections as fit, none dropped."""
    out: list[Block] = []
    chunk = ""
    for line in lines:
        line = cut(line, limit)
        if chunk and len(chunk) + 1 + len(line) > limit:
            out.append(section(chunk))
            chunk = ""
        chunk = f"{chunk}\n{line}" if chunk else line
    if chunk:
        out.append(section(chunk))
    return out


def _shown(stamp: str, tz: ZoneInfo) -> str:
    try:
        when = dt.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)
    except ValueError:
        return esc(stamp)
    return local(when, tz, "%Y-%m-%d %H:%M %Z")


# -- modals ------------------------------------------------------------------------------


def draft_modal(
    ref: str,
    templates: Sequence[tuple[str, StatementTemplate]],
    *,
    chosen: str | None = None,
    values: dict[str, str] | None = None,
    statement: int | None = None,
    version: int | None = None,
    preview: str | None = None,
    platform: str | None = None,
    findings: Sequence[Finding] = (),
    problem: str | None = None,
    may_override: bool = False,
) -> dict[str, Any]:
    """Template, its variables, and (after "Check and preview") the text and findings."""
    values = values or {}
    template = dict(templates).get(chosen or "")
    blocks: list[Block] = []
    if statement is None:
        select: dict[str, Any] = {
            "type": "static_select",
            "action_id": "value",
            "placeholder": {"type": "plain_text", "text": "Choose a template"},
            "options": [option(t.title, sid) for sid, t in templates][:100],
        }
        if template is not None:
            select["initial_option"] = option(template.title, str(chosen))
        blocks.append(
            {
                "type": "input",
                "block_id": ids.Block.TEMPLATE,
                "label": {"type": "plain_text", "text": "Template"},
                "element": select,
                "dispatch_action": True,
            }
        )
    if template is None:
        blocks.append(context("Choose a template to fill in its details."))
        # A submit button even now: Slack refuses a form with inputs and none.
        return modal(
            ids.Form.DRAFT_STATEMENT,
            "Draft statement",
            blocks,
            submit="Send for approval",
            metadata={"ref": ref},
        )
    where = platforms.platform(platform, template)
    blocks.append(
        {
            "type": "input",
            "block_id": ids.Block.PLATFORM,
            "label": {"type": "plain_text", "text": "Where will it be published?"},
            "element": {
                "type": "static_select",
                "action_id": "value",
                "options": [option(_platform_label(p), p.id) for p in PLATFORMS.values()],
                "initial_option": option(_platform_label(where), where.id),
            },
            "hint": {"type": "plain_text", "text": "Its length limit follows the platform."},
            "dispatch_action": True,
        }
    )
    blocks.append(
        context(
            f"*{esc(template.title)}* · {AUDIENCE.get(template.audience, template.audience)}"
            f" · {platforms.describe(template, where)} · no patient names, dates, places or details"
        )
    )
    for var in template.variables:
        block = text_input(
            f"var|{var.name}",
            var.name.replace("_", " ").capitalize(),
            optional=not var.required,
            max_length=1000,
            initial=values.get(var.name) or None,
            hint=var.help,
        )
        if var.example:
            block["element"]["placeholder"] = {
                "type": "plain_text",
                "text": cut(f"e.g. {var.example}", 150),
            }
        blocks.append(block)
    blocks.append(
        {
            "type": "actions",
            "block_id": ids.Block.PREVIEW_CONTROLS,
            "elements": [button("Check and preview", ids.Action.STATEMENT_PREVIEW, ref)],
        }
    )
    if problem:
        blocks.append(section(f":no_entry: {cut_escaped(problem, 2900)}"))
    elif preview is not None:
        blocks.append(
            section(
                f"*Preview* ({_length(len(preview), platforms.limit(template, where))} "
                f"for {esc(where.name)})\n{cut(_quoted(preview), 2800)}"
            )
        )
        if findings:
            lines = [f":warning: {cut_escaped(finding_line(f), 300)}" for f in findings[:20]]
            blocks.append(section("*Looks like patient information:*\n" + "\n".join(lines)))
        else:
            blocks.append(context(":white_check_mark: The privacy check found nothing."))
    distinct = list({f.key: f for f in findings}.values())  # one box per finding, not per place
    if distinct and may_override:
        counts = {f.key: sum(1 for g in findings if g.key == f.key) for f in distinct}
        blocks.append(
            {
                "type": "input",
                "block_id": "override",
                "optional": True,
                "label": {"type": "plain_text", "text": "Override findings (privacy officer)"},
                "element": {
                    "type": "checkboxes",
                    "action_id": "value",
                    "options": [
                        {
                            "text": {
                                "type": "plain_text",
                                "text": cut(
                                    finding_line(f)
                                    + (f" (×{counts[f.key]})" if counts[f.key] > 1 else ""),
                                    75,
                                ),
                            },
                            "value": f.short_id,
                        }
                        for f in distinct[:10]
                    ],
                },
            }
        )
        if len(distinct) > 10:
            blocks.append(context(f"{len(distinct) - 10} more findings: fix the text first."))
        blocks.append(
            text_input(
                "override_reason",
                "Why is it safe to publish?",
                multiline=True,
                optional=True,
                max_length=1000,
            )
        )
    metadata: dict[str, Any] = {"ref": ref, "template": chosen, "platform": where.id}
    if statement is not None:
        metadata["statement"], metadata["version"] = statement, version
    if preview is not None and distinct:
        metadata["checked"] = text_digest(preview)  # overrides hold for this text only
    title = "Edit statement" if statement is not None else "Draft statement"
    return modal(
        ids.Form.DRAFT_STATEMENT, title, blocks, submit="Send for approval", metadata=metadata
    )


def _platform_label(where: platforms.Platform) -> str:
    return where.name + (f" ({where.limit:,} characters)" if where.limit else " (no limit)")


def _length(count: int, most: int | None) -> str:
    return f"{count:,}/{most:,} characters" if most else f"{count:,} characters"


def changes_modal(ref: str, number: int, version: int) -> dict[str, Any]:
    blocks = [
        section(f"*{ref}* · statement {number} v{version}"),
        text_input("comment", "What should change?", multiline=True, max_length=1000),
    ]
    return modal(
        ids.Form.STATEMENT_CHANGES,
        "Request changes",
        blocks,
        submit="Send",
        metadata={"ref": ref, "statement": number, "version": version},
    )


def publish_modal(st: StatementView) -> dict[str, Any]:
    blocks: list[Block] = [
        section(f"*{st.ref}* · statement {st.number} ({esc(st.title)}) v{st.version}"),
        text_input(
            "platform",
            "Where was it published?",
            max_length=80,
            hint="e.g. X, Facebook, Instagram, TikTok, website, press release",
            initial=PLATFORMS[st.platform].name if st.platform in PLATFORMS else None,
        ),
        text_input("url", "Link to the post (if any)", optional=True, max_length=2000),
        {
            "type": "input",
            "block_id": "when",
            "optional": True,
            "label": {"type": "plain_text", "text": "When (leave empty for now)"},
            "element": {"type": "datetimepicker", "action_id": "value"},
        },
    ]
    return modal(
        ids.Form.STATEMENT_PUBLISH,
        "Mark as published",
        blocks,
        submit="Record",
        metadata={"ref": st.ref, "statement": st.number, "version": st.version},
    )
