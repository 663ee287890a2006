"""Modals: the start form and the forms the thread's controls open."""

from __future__ import annotations

from typing import Any

from bot.incidents.view import IncidentView
from bot.playbooks.model import SEVERITIES, Playbook
from bot.render.blocks import (
    TEXT_INPUT_MAX,
    Block,
    context,
    cut,
    cut_escaped,
    esc,
    modal,
    option,
    plain,
    section,
    text_input,
)
from bot.slack import ids


def start_modal(
    playbooks: list[Playbook], *, channel_id: str, selected: Playbook | None = None
) -> dict[str, Any]:
    """Playbook, title, severity, description, and (once a playbook is chosen) who holds
    each role from the start."""
    options = [option(p.title, p.id) for p in playbooks][:100]
    select: dict[str, Any] = {
        "type": "static_select",
        "action_id": "value",
        "options": options,
        "placeholder": plain("Choose the playbook"),
    }
    if selected is not None:
        select["initial_option"] = option(selected.title, selected.id)
    blocks: list[Block] = [
        {
            "type": "input",
            "block_id": ids.Block.PLAYBOOK,
            "label": plain("Playbook"),
            "element": select,
            "dispatch_action": True,
        },
        text_input(
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
                "options": [option(s.capitalize(), s) for s in SEVERITIES],
                "initial_option": option(
                    (selected.severity if selected else "medium").capitalize(),
                    selected.severity if selected else "medium",
                ),
            },
        },
        text_input(
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
    return modal(
        ids.Form.START_INCIDENT,
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
    return modal(
        ids.Form.ASSIGN_ROLES, "Assign roles", blocks, submit="Save", metadata={"ref": view.ref}
    )


def note_modal(ref: str) -> dict[str, Any]:
    blocks = [
        text_input(
            "note",
            "Note for the record",
            multiline=True,
            max_length=TEXT_INPUT_MAX,
            hint="No patient names or details.",
        )
    ]
    return modal(ids.Form.ADD_NOTE, "Add a note", blocks, submit="Add", metadata={"ref": ref})


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
                    "options": [option(sv.step.title, sv.step.id) for sv in open_steps][:100],
                },
            }
        )
        blocks.append(text_input("reason", "Why is it skipped?", multiline=True, max_length=1000))
    else:
        blocks.append(section("Every step up to this phase is finished."))
    return modal(
        ids.Form.SKIP_STEP,
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
        blocks.append(text_input("reason", "Override reason", multiline=True, max_length=1000))
    blocks.append(
        text_input(
            "lessons",
            "Lessons learned",
            multiline=True,
            optional=True,
            max_length=3000,
            hint="What worked, what to change in the playbook or training. Goes into the report.",
        )
    )
    return modal(
        ids.Form.CLOSE_INCIDENT,
        "Close the incident",
        blocks,
        submit="Close",
        metadata={"ref": view.ref},
    )


def override_modal(ref: str, phase: str, open_steps: str) -> dict[str, Any]:
    blocks: list[Block] = [
        section(
            f"*{ref}*: these required steps are open: {esc(open_steps)}.\nAdvancing anyway overrides the playbook; the reason goes into the record."
        ),
        text_input("reason", "Override reason", multiline=True, max_length=1000),
    ]
    return modal(
        ids.Form.ADVANCE_OVERRIDE,
        "Advance anyway",
        blocks,
        submit="Advance",
        metadata={"ref": ref, "phase": phase},
    )


def notice_modal(message: str) -> dict[str, Any]:
    return modal(
        ids.Form.NOTICE,
        "crisisbot",
        [section(f":no_entry: {esc(cut(message, 2900))}")],
        submit=None,
        metadata={},
    )


def assessment_modal(view: IncidentView) -> dict[str, Any]:
    """The four-factor breach risk assessment (45 CFR 164.402), prefilled from the last."""
    last = view.assessment or {}

    def text(block: str, label: str, hint: str) -> Block:
        return text_input(
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
            option("Breach: notify (presumed unless shown otherwise)", "yes"),
            option("Low probability of compromise: no breach", "no"),
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
        text_input(
            "reason",
            "Why (the determination in words)",
            multiline=True,
            max_length=1000,
            initial=str(last.get("reason", "")) or None,
        ),
    ]
    return modal(
        ids.Form.RISK_ASSESSMENT,
        "Breach assessment",
        blocks,
        submit="Record",
        metadata={"ref": view.ref},
    )
