"""Block Kit for statements: the card in the incident thread and the drafting modals."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from bot.phi.model import Finding
from bot.render.blocks import Block, button, context, cut, cut_escaped, esc, local, mention, section
from bot.render.modals import _modal, _option, _text_input
from bot.statement_view import StatementView
from bot.templates import StatementTemplate

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


def finding_id(finding: Finding) -> str:
    """A short, stable option value for a finding (its key can be long)."""
    return hashlib.sha256(finding.key.encode("utf-8")).hexdigest()[:20]


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
    body = _copyable(st.text) if st.status in ("approved", "published") else _quoted(st.text)
    blocks: list[Block] = [section(head), section(cut(body, 2990))]
    about = [
        f"{len(st.text)} characters · drafted by {mention(st.author)} {local(st.created_at, tz)}"
        + (
            f" · v{st.version} by {mention(st.version_author)} {local(st.revised_at, tz)}"
            if st.version > 1
            else ""
        )
    ]
    for item in st.overrides:
        about.append(
            f":shield: Privacy finding overridden by {mention(str(item.get('by')))}: "
            f"{esc(str(item.get('kind', '')).replace('_', ' '))} “{cut_escaped(str(item.get('text', '')), 80)}”"
            f" (reason: {cut_escaped(str(item.get('reason', '')), 300)})"
        )
    blocks.append(context(*about))
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
        where = f"<{p.url}|{cut_escaped(p.platform, 80)}>" if p.url else cut_escaped(p.platform, 80)
        lines.append(
            f":mega: Published on {where} at {_shown(p.published_at, tz)} (recorded by {mention(p.actor)})"
        )
    blocks.append(section("\n".join(lines)[:2990]))
    controls = []
    if st.status in ("awaiting", "changes"):
        at = f"{value}|{st.version}"
        controls += [
            button("Approve", "statement_approve", at, style="primary"),
            button("Request changes…", "statement_changes_open", at),
            button("Edit…", "statement_edit", value),
        ]
    elif st.status == "approved":
        controls += [
            button("Mark as published…", "statement_publish_open", value, style="primary"),
            button("Edit…", "statement_edit", value),
        ]
    else:
        controls.append(button("Published somewhere else too…", "statement_publish_open", value))
    blocks.append({"type": "actions", "block_id": f"statement|{st.number}", "elements": controls})
    text = f"{st.ref} statement {st.number} ({st.title}) v{st.version}: {STATUS[st.status].split(' ', 1)[1]}"
    return esc(text), blocks


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
    preview: str | None = None,
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
            "options": [_option(t.title, sid) for sid, t in templates][:100],
        }
        if template is not None:
            select["initial_option"] = _option(template.title, str(chosen))
        blocks.append(
            {
                "type": "input",
                "block_id": "template",
                "label": {"type": "plain_text", "text": "Template"},
                "element": select,
                "dispatch_action": True,
            }
        )
    if template is None:
        blocks.append(context("Choose a template to fill in its details."))
        return _modal(
            "draft_statement", "Draft statement", blocks, submit=None, metadata={"ref": ref}
        )
    blocks.append(
        context(
            f"*{esc(template.title)}* · {AUDIENCE.get(template.audience, template.audience)}"
            f" · at most {template.max_length} characters · no patient names, dates, places or details"
        )
    )
    for var in template.variables:
        block = _text_input(
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
            "block_id": "preview_controls",
            "elements": [button("Check and preview", "statement_preview", ref)],
        }
    )
    if problem:
        blocks.append(section(f":no_entry: {cut_escaped(problem, 2900)}"))
    elif preview is not None:
        blocks.append(
            section(
                f"*Preview* ({len(preview)}/{template.max_length} characters)\n{cut(_quoted(preview), 2800)}"
            )
        )
        if findings:
            lines = [f":warning: {cut_escaped(finding_line(f), 300)}" for f in findings[:20]]
            blocks.append(section("*Looks like patient information:*\n" + "\n".join(lines)))
        else:
            blocks.append(context(":white_check_mark: The privacy check found nothing."))
    if findings and may_override:
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
                            "text": {"type": "plain_text", "text": cut(finding_line(f), 75)},
                            "value": finding_id(f),
                        }
                        for f in findings[:10]
                    ],
                },
            }
        )
        blocks.append(
            _text_input(
                "override_reason",
                "Why is it safe to publish?",
                multiline=True,
                optional=True,
                max_length=1000,
            )
        )
    metadata: dict[str, Any] = {"ref": ref, "template": chosen}
    if statement is not None:
        metadata["statement"] = statement
    title = "Edit statement" if statement is not None else "Draft statement"
    return _modal("draft_statement", title, blocks, submit="Send for approval", metadata=metadata)


def changes_modal(ref: str, number: int, version: int) -> dict[str, Any]:
    blocks = [
        section(f"*{ref}* · statement {number} v{version}"),
        _text_input("comment", "What should change?", multiline=True, max_length=1000),
    ]
    return _modal(
        "statement_changes",
        "Request changes",
        blocks,
        submit="Send",
        metadata={"ref": ref, "statement": number, "version": version},
    )


def publish_modal(st: StatementView) -> dict[str, Any]:
    blocks: list[Block] = [
        section(f"*{st.ref}* · statement {st.number} ({esc(st.title)}) v{st.version}"),
        _text_input(
            "platform",
            "Where was it published?",
            max_length=80,
            hint="e.g. X, Facebook, Instagram, TikTok, website, press release",
        ),
        _text_input("url", "Link to the post (if any)", optional=True, max_length=2000),
        {
            "type": "input",
            "block_id": "when",
            "optional": True,
            "label": {"type": "plain_text", "text": "When (leave empty for now)"},
            "element": {"type": "datetimepicker", "action_id": "value"},
        },
    ]
    return _modal(
        "statement_publish",
        "Mark as published",
        blocks,
        submit="Record",
        metadata={"ref": st.ref, "statement": st.number},
    )
