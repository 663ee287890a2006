"""Modals and short ephemeral texts for the /crisis command and the thread controls."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from zoneinfo import ZoneInfo

from bot.incidents.log import LogKind
from bot.incidents.view import EntryView, IncidentLine, IncidentView
from bot.playbooks.model import SEVERITIES, Playbook
from bot.render.blocks import Block, context, cut, cut_escaped, esc, mention, plain, section
from bot.render.text import duration

MAX_MODAL_BLOCKS = 100

USAGE = """*Usage:* `/crisis <command>`
• `/crisis start` — open the form to start an incident
• `/crisis start <playbook-id> <title…>` — start one directly, e.g. `/crisis start phi-leak Staff post shows a chart`
• `/crisis list` — open incidents, with links to their threads
• `/crisis playbooks` — the playbooks there are
• `/crisis report <incident>` — post the post-incident report in the incident's thread
• `/crisis help` — this text
Everything else happens in the incident's thread: tick steps, assign roles, add notes, advance and close."""


def _modal(
    callback_id: str,
    title: str,
    blocks: list[Block],
    *,
    submit: str | None,
    metadata: dict[str, Any],
) -> dict[str, Any]:
    view: dict[str, Any] = {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(title, 24),
        "close": plain("Cancel", 24),
        "blocks": blocks[:MAX_MODAL_BLOCKS],
        "private_metadata": json.dumps(metadata)[:3000],
    }
    if submit:
        view["submit"] = plain(submit, 24)
    return view


def _text_input(
    block_id: str,
    label: str,
    *,
    multiline: bool = False,
    optional: bool = False,
    max_length: int = 3000,
    initial: str | None = None,
    hint: str | None = None,
) -> Block:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": "value",
        "multiline": multiline,
        "max_length": max_length,
    }
    if initial:
        element["initial_value"] = initial[:max_length]
    block: Block = {
        "type": "input",
        "block_id": block_id,
        "label": plain(label, 2000),
        "element": element,
        "optional": optional,
    }
    if hint:
        block["hint"] = plain(hint, 2000)
    return block


def _option(text: str, value: str) -> dict[str, Any]:
    return {"text": plain(text, 75), "value": value[:150]}


def start_modal(
    playbooks: list[Playbook], *, channel_id: str, selected: Playbook | None = None
) -> dict[str, Any]:
    """Playbook, title, severity, description, and (once a playbook is chosen) who holds
    each role from the start."""
    options = [_option(p.title, p.id) for p in playbooks][:100]
    select: dict[str, Any] = {
        "type": "static_select",
        "action_id": "value",
        "options": options,
        "placeholder": plain("Choose the playbook"),
    }
    if selected is not None:
        select["initial_option"] = _option(selected.title, selected.id)
    blocks: list[Block] = [
        {
            "type": "input",
            "block_id": "playbook",
            "label": plain("Playbook"),
            "element": select,
            "dispatch_action": True,
        },
        _text_input(
            "title",
            "Title",
            max_length=3000,
            hint="What is happening, without patient names or details",
        ),
        {
            "type": "input",
            "block_id": "severity",
            "label": plain("Severity"),
            "element": {
                "type": "static_select",
                "action_id": "value",
                "options": [_option(s.capitalize(), s) for s in SEVERITIES],
                "initial_option": _option(
                    (selected.severity if selected else "medium").capitalize(),
                    selected.severity if selected else "medium",
                ),
            },
        },
        _text_input(
            "description", "Short description", multiline=True, optional=True, max_length=3000
        ),
    ]
    if selected is not None:
        blocks.append(
            section(
                f"*Roles* (optional now; you hold *{esc(selected.role(selected.commander_role).title)}* until someone else is assigned)"
            )
        )
        for role in selected.roles:
            if role.id == selected.commander_role:
                continue
            blocks.append(
                {
                    "type": "input",
                    "block_id": f"role|{role.id}",
                    "optional": True,
                    "label": plain(role.title + (" (required)" if role.required else ""), 2000),
                    "element": {
                        "type": "users_select",
                        "action_id": "value",
                        "placeholder": plain("Pick a person"),
                    },
                }
            )
    else:
        blocks.append(context("Choose a playbook to assign its roles now."))
    return _modal(
        "start_incident",
        "Start an incident",
        blocks,
        submit="Start",
        metadata={"channel": channel_id},
    )


def roles_modal(view: IncidentView) -> dict[str, Any]:
    blocks: list[Block] = [section(f"*{view.ref}* · {cut_escaped(view.title, 500)}")]
    for role, holder in view.roles:
        element: dict[str, Any] = {
            "type": "users_select",
            "action_id": "value",
            "placeholder": plain("Pick a person"),
        }
        hint = None
        if holder and holder[:1] in "UW":
            element["initial_user"] = holder
        elif holder:
            hint = f"Now held by {holder} (set from the command line); leave empty to keep."
        blocks.append(
            {
                "type": "input",
                "block_id": f"role|{role.id}",
                "optional": True,  # empty means: leave as it is
                "label": plain(role.title + (" (required)" if role.required else ""), 2000),
                "element": element,
                **({"hint": plain(hint, 2000)} if hint else {}),
            }
        )
    return _modal("assign_roles", "Assign roles", blocks, submit="Save", metadata={"ref": view.ref})


def note_modal(ref: str) -> dict[str, Any]:
    blocks = [
        _text_input(
            "note",
            "Note for the record",
            multiline=True,
            max_length=4000,
            hint="No patient names or details.",
        )
    ]
    return _modal("add_note", "Add a note", blocks, submit="Add", metadata={"ref": ref})


def skip_modal(view: IncidentView) -> dict[str, Any]:
    open_steps = [
        sv
        for sv in view.steps
        if not sv.finished
        and view.playbook.phase_index(sv.step.phase) <= view.playbook.phase_index(view.phase)
    ]
    blocks: list[Block] = []
    if open_steps:
        blocks.append(
            {
                "type": "input",
                "block_id": "step",
                "label": plain("Step"),
                "element": {
                    "type": "static_select",
                    "action_id": "value",
                    "options": [_option(sv.step.title, sv.step.id) for sv in open_steps][:100],
                },
            }
        )
        blocks.append(_text_input("reason", "Why is it skipped?", multiline=True, max_length=1000))
    else:
        blocks.append(section("Every step up to this phase is finished."))
    return _modal(
        "skip_step",
        "Skip a step",
        blocks,
        submit="Skip" if open_steps else None,
        metadata={"ref": view.ref},
    )


def close_modal(view: IncidentView) -> dict[str, Any]:
    last = view.playbook.phase_index(view.phase) == len(view.playbook.phases) - 1
    open_required = [
        sv
        for sv in view.steps
        if sv.step.phase == view.phase and sv.step.required and not sv.finished
    ]
    if last and not open_required:
        lead = "All required steps are finished. Close the incident?"
    else:
        lead = (
            ":warning: Closing now overrides the playbook: "
            + (
                f"{len(open_required)} required step(s) of this phase are open"
                if last
                else f"the incident is in {esc(view.phase_title)}, not the last phase"
            )
            + ". Give the reason; it goes into the record."
        )
    blocks: list[Block] = [section(f"*{view.ref}* · {cut_escaped(view.title, 500)}\n{lead}")]
    if not (last and not open_required):
        blocks.append(_text_input("reason", "Override reason", multiline=True, max_length=1000))
    blocks.append(
        _text_input(
            "lessons",
            "Lessons learned",
            multiline=True,
            optional=True,
            max_length=3000,
            hint="What worked, what to change in the playbook or training. Goes into the report.",
        )
    )
    return _modal(
        "close_incident", "Close the incident", blocks, submit="Close", metadata={"ref": view.ref}
    )


def override_modal(ref: str, phase: str, open_steps: str) -> dict[str, Any]:
    blocks: list[Block] = [
        section(
            f"*{ref}*: these required steps are open: {esc(open_steps)}.\nAdvancing anyway overrides the playbook; the reason goes into the record."
        ),
        _text_input("reason", "Override reason", multiline=True, max_length=1000),
    ]
    return _modal(
        "advance_override",
        "Advance anyway",
        blocks,
        submit="Advance",
        metadata={"ref": ref, "phase": phase},
    )


def incident_list(
    rows: list[IncidentLine], tz: ZoneInfo, now: dt.datetime, link: Any
) -> tuple[str, list[Block]]:
    """Open incidents, newest first, each linked to its thread; chunked to Slack's limits."""
    if not rows:
        return "No open incidents.", [section("No open incidents.")]
    lines = []
    for r in rows:
        url = link(r.channel_id, r.thread_ts)
        name = f"<{url}|{r.ref}>" if url else r.ref
        drill = " · drill" if r.drill else ""
        lines.append(
            f"{name} · *{cut_escaped(r.title, 150)}* · {r.phase} · {r.severity} · open {duration(now - r.opened_at)}{drill}"
        )
    blocks: list[Block] = [section(f"*Open incidents ({len(rows)})*")]
    chunk: list[str] = []
    for line in lines:
        if sum(len(x) + 1 for x in chunk) + len(line) > 2900:
            blocks.append(section("\n".join(chunk)))
            chunk = []
        chunk.append(line)
    if chunk:
        blocks.append(section("\n".join(chunk)))
    if len(blocks) > 50:
        blocks = [
            *blocks[:49],
            context(f"…and more: `crisisbot incident list` shows all {len(rows)}."),
        ]
    return f"{len(rows)} open incidents", blocks


def playbook_list(playbooks: list[Playbook]) -> str:
    lines = ["*Playbooks* (start one with `/crisis start <id> <title>`)"]
    for p in playbooks:
        lines.append(
            f"• `{p.id}` — {esc(p.title)} ({p.severity}; {len(p.phases)} phases, {len(p.steps)} steps)"
        )
    return cut("\n".join(lines), 3000)


def announcement(entry: EntryView, view: IncidentView) -> str:
    """A thread notice for a log entry: a role assigned mentions the person once."""
    data = entry.data
    who = mention(entry.actor)
    if entry.kind == LogKind.ROLE_ASSIGNED:
        role = (
            view.playbook.role(str(data["role"]))
            if view.playbook.has_role(str(data.get("role")))
            else None
        )
        title = role.title if role else str(data.get("role"))
        return f"{mention(str(data['user']))} is now *{esc(title)}* for {view.ref} (assigned by {who})."
    if entry.kind == LogKind.PHASE_CHANGED:
        to = view.playbook.phase(str(data["to"])).title
        text = f":arrow_forward: {view.ref} moved to *{esc(to)}* (by {who})."
        if data.get("override"):
            text += f"\n:warning: Override: {cut_escaped(str(data.get('reason', '')), 1000)}"
        return text
    if entry.kind == LogKind.CLOSED:
        text = f":checkered_flag: {view.ref} was *closed* by {who}."
        if data.get("override"):
            text += f"\n:warning: Override: {cut_escaped(str(data.get('reason', '')), 1000)}"
        return text
    if entry.kind == LogKind.NOTE:
        return f":memo: Note from {who}:\n{cut_escaped(entry.text, 3500)}"
    return f"{who}: {cut_escaped(entry.text, 3500)}"


def notice_modal(message: str) -> dict[str, Any]:
    return _modal(
        "notice",
        "crisisbot",
        [section(f":no_entry: {esc(cut(message, 2900))}")],
        submit=None,
        metadata={},
    )


def ephemeral_refusal(message: str) -> tuple[str, list[Block]]:
    text = cut(message, 2900)
    return text, [section(f":no_entry: {esc(text)}")]


def assessment_modal(view: IncidentView) -> dict[str, Any]:
    """The four-factor breach risk assessment (45 CFR 164.402), prefilled from the last."""
    last = view.assessment or {}

    def text(block: str, label: str, hint: str) -> Block:
        return _text_input(
            block,
            label,
            multiline=True,
            max_length=1000,
            initial=str(last.get(block, "")) or None,
            hint=hint,
        )

    def number(block: str, label: str) -> Block:
        element: dict[str, Any] = {
            "type": "number_input",
            "action_id": "value",
            "is_decimal_allowed": False,
            "min_value": "0",
        }
        if block in last:
            element["initial_value"] = str(last[block])
        return {"type": "input", "block_id": block, "label": plain(label, 2000), "element": element}

    breach = {
        "type": "radio_buttons",
        "action_id": "value",
        "options": [
            _option("Breach: notify (presumed unless shown otherwise)", "yes"),
            _option("Low probability of compromise: no breach", "no"),
        ],
    }
    if last:
        breach["initial_option"] = breach["options"][0 if last.get("breach") else 1]
    blocks: list[Block] = [
        section(
            f"*{view.ref}* · {cut_escaped(view.title, 500)}\nA breach is presumed unless this "
            "documented assessment shows a low probability that the information was compromised. "
            "Counts only: no names."
        ),
        text(
            "nature",
            "1. Nature and extent of the information",
            "Which identifiers and details; how likely someone can be re-identified",
        ),
        text(
            "recipient",
            "2. Who received or used it",
            "The audience of the post, a named recipient, ...",
        ),
        text(
            "acquired",
            "3. Was it actually acquired or viewed?",
            "Views, shares, screenshots, downloads",
        ),
        text(
            "mitigation",
            "4. How far the risk was mitigated",
            "Removal, attestations of deletion, ...",
        ),
        number("affected", "People whose information was involved"),
        number("state_residents_max", "Most residents of any one state among them"),
        {"type": "input", "block_id": "breach", "label": plain("Determination"), "element": breach},
        _text_input(
            "reason",
            "Why (the determination in words)",
            multiline=True,
            max_length=1000,
            initial=str(last.get("reason", "")) or None,
        ),
    ]
    return _modal(
        "risk_assessment", "Breach assessment", blocks, submit="Record", metadata={"ref": view.ref}
    )
