"""Modals: the start form and the forms the thread's controls open."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from bot.incidents.view import IncidentView, StepView
from bot.playbooks.model import SEVERITIES, Playbook
from bot.render.blocks import (
    TEXT_INPUT_MAX,
    Block,
    context,
    cut,
    cut_escaped,
    esc,
    local,
    mention,
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
                    "optional": True,  # Slack adds "(optional)" to the label itself
                    "label": plain(role.title, 2000),
                    "element": {
                        "type": "users_select",
                        "action_id": "value",
                        "placeholder": plain("Pick a person"),
                    },
                    **({"hint": plain(REQUIRED_ROLE)} if role.required else {}),
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


REQUIRED_ROLE = "The playbook needs someone in this role; it can be filled later."


def roles_modal(view: IncidentView) -> dict[str, Any]:
    blocks: list[Block] = [section(f"*{view.ref}* · {cut_escaped(view.title, 500)}")]
    for role, holder in view.roles:
        element: dict[str, Any] = {
            "type": "users_select",
            "action_id": "value",
            "placeholder": plain("Pick a person"),
        }
        hint = REQUIRED_ROLE if role.required else None
        if holder and holder[:1] in "UW":
            element["initial_user"] = holder
        elif holder:
            hint = f"Now held by {holder} (set from the command line); leave empty to keep."
        blocks.append(
            {
                "type": "input",
                "block_id": f"role|{role.id}",
                "optional": True,  # empty means: leave as it is
                "label": plain(role.title, 2000),
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


def skip_modal(view: IncidentView, chosen: str | None = None) -> dict[str, Any]:
    open_steps = [
        sv
        for sv in view.steps
        if not sv.finished
        and view.playbook.phase_index(sv.step.phase) <= view.playbook.phase_index(view.phase)
    ]
    picked = next((sv for sv in open_steps[:100] if sv.step.id == chosen), None)
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
                    **(
                        {"initial_option": option(picked.step.title, picked.step.id)}
                        if picked is not None
                        else {}
                    ),
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


def open_steps_text(view: IncidentView, steps: tuple[StepView, ...], limit: int = 2400) -> str:
    """Open steps in words: how many, then each by title and owner (by name in Slack),
    grouped by phase when more than one phase has some."""
    phases = {sv.step.phase for sv in steps}
    lines = [f"*{len(steps)} required step{'s' if len(steps) != 1 else ''} still open:*"]
    for phase in view.playbook.phases:
        mine = [sv for sv in steps if sv.step.phase == phase.id]
        if not mine:
            continue
        if len(phases) > 1:
            lines.append(f"_{esc(phase.title)}_")
        for sv in mine:
            role = view.playbook.role(sv.step.role).title if sv.step.role else "anyone"
            lines.append(f"• {cut_escaped(sv.step.title, 150)} — {esc(role)}: {mention(sv.owner)}")
    text, shown = "", 0
    for line in lines:
        if len(text) + len(line) + 60 > limit:
            text += f"\n…and {len(steps) - shown} more (the checklist lists them all)."
            break
        text += ("\n" if text else "") + line
        shown += line.startswith("• ")
    return text


def advance_modal(view: IncidentView, *, may_override: bool) -> dict[str, Any]:
    """Advance: checked before it asks. Nothing open: confirm. Steps open: they are listed
    in words, and whoever may override gives the reason in the same form."""
    index = view.playbook.phase_index(view.phase)
    nxt = view.playbook.phases[index + 1].title
    head = f"*{view.ref}* · {esc(view.phase_title)} → *{esc(nxt)}*"
    blockers = view.blockers(closing=False)
    if not blockers:
        blocks: list[Block] = [
            section(f"{head}\nEvery required step of {esc(view.phase_title)} is finished.")
        ]
        return modal(
            ids.Form.ADVANCE_OVERRIDE, "Advance the phase", blocks, submit="Advance",
            metadata={"ref": view.ref, "phase": view.phase},
        )  # fmt: skip
    blocks = [section(head), section(open_steps_text(view, blockers))]
    if not may_override:
        blocks.append(
            context(
                "Finish or skip them first. Advancing with steps open is an override: only the"
                " incident commander or an admin can do it."
            )
        )
        return modal(
            ids.Form.ADVANCE_OVERRIDE, "Advance the phase", blocks, submit=None,
            metadata={"ref": view.ref, "phase": view.phase},
        )  # fmt: skip
    blocks.append(
        text_input(
            "reason",
            "Reason to advance anyway",
            multiline=True,
            max_length=1000,
            hint="Advancing with steps open overrides the playbook; the reason goes into the record. The open steps stay in the checklist.",
        )
    )
    return modal(
        ids.Form.ADVANCE_OVERRIDE, "Advance the phase", blocks, submit="Advance anyway",
        metadata={"ref": view.ref, "phase": view.phase},
    )  # fmt: skip


def close_modal(view: IncidentView, unapproved: tuple[str, ...] = ()) -> dict[str, Any]:
    """Close: every phase is checked before it asks (a step left open by an earlier
    override counts); anything open is listed in words, with the reason field. Statements
    still waiting for approval (`unapproved`, their titles) are pointed out."""
    last = view.playbook.phase_index(view.phase) == len(view.playbook.phases) - 1
    blockers = view.blockers(closing=True)
    blocks: list[Block] = [section(f"*{view.ref}* · {cut_escaped(view.title, 500)}")]
    if unapproved:
        titles = "; ".join(f"“{cut_escaped(t, 100)}”" for t in unapproved[:5])
        blocks.append(
            context(
                f":warning: {len(unapproved)} statement(s) not approved yet: {titles}."
                " Closing leaves them unapproved in the record."
            )
        )
    if last and not blockers:
        blocks.append(section("All required steps are finished. Close the incident?"))
    else:
        why = [] if last else [f"The incident is in {esc(view.phase_title)}, not the last phase."]
        if blockers:
            why.append(open_steps_text(view, blockers))
        blocks.append(section("\n".join(why)))
        blocks.append(
            text_input(
                "reason",
                "Reason to close anyway",
                multiline=True,
                max_length=1000,
                hint="Closing now overrides the playbook; the reason goes into the record.",
            )
        )
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
        submit="Close" if last and not blockers else "Close anyway",
        metadata={"ref": view.ref},
    )


def discovery_modal(view: IncidentView, tz: ZoneInfo) -> dict[str, Any]:
    """When the problem was discovered: HIPAA's deadlines count from it."""
    now = local(view.discovered_at, tz, "%Y-%m-%d %H:%M %Z")
    blocks: list[Block] = [
        section(
            f"*{view.ref}* · discovered {now}.\nHIPAA's notification deadlines count from when"
            " anyone in the workforce first knew, or should have known, not from when the"
            " privacy office heard. Set it to that moment."
        ),
        {
            "type": "input",
            "block_id": "discovered_at",
            "label": plain("Discovered at"),
            "element": {
                "type": "datetimepicker",
                "action_id": "value",
                "initial_date_time": int(view.discovered_at.timestamp()),
            },
        },
    ]
    return modal(
        ids.Form.SET_DISCOVERED, "Discovery time", blocks, submit="Save",
        metadata={"ref": view.ref},
    )  # fmt: skip


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
