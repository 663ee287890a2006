"""The incident in Slack: the header message in the channel (what, how bad, where it
stands, who holds what) and the checklist in its thread."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from bot.incidents.view import IncidentView, StepView
from bot.playbooks.model import event_words
from bot.render.blocks import (
    MAX_BLOCKS,
    SECTION_TEXT,
    Block,
    button,
    context,
    cut,
    cut_escaped,
    esc,
    local,
    md,
    mention,
    plain,
    section,
    text_size,
)
from bot.render.text import duration
from bot.slack import ids

# The text one checklist message holds: Slack refuses a message whose blocks hold more
# than about 12,000 characters (msg_blocks_too_long); this leaves room for its own count.
PAGE_TEXT = 10_000
SEVERITY_MARK = {
    "low": ":large_blue_circle:",
    "medium": ":large_yellow_circle:",
    "high": ":large_orange_circle:",
    "critical": ":red_circle:",
}
STATUS_MARK = {"open": ":white_square:", "done": ":white_check_mark:", "skipped": ":fast_forward:"}


def header(view: IncidentView, tz: ZoneInfo, now: dt.datetime) -> tuple[str, list[Block]]:
    """The root message in the channel: what, how bad, where it stands, who holds what."""
    done, total = view.progress
    title = f"{view.ref} · {view.title}"
    drill = "DRILL · " if view.drill else ""
    roles = []
    for role, holder in view.roles:
        flag = " :warning: _required_" if role.required and holder is None else ""
        roles.append(f"*{esc(role.title)}:* {mention(holder)}{flag}")
    state = (
        "Closed " + local(view.closed_at, tz, "%Y-%m-%d %H:%M %Z")
        if view.closed
        else "Open " + duration(now - view.opened_at)
    )
    blocks: list[Block] = [
        {"type": "header", "text": plain(f"{drill}{title}")},
        {
            "type": "section",
            "fields": [
                md(f"*Playbook*\n{esc(view.playbook.title)}"),
                md(f"*Severity*\n{SEVERITY_MARK.get(view.severity, '')} {view.severity}"),
                md(f"*Phase*\n{esc(view.phase_title)}"),
                md(f"*Progress*\n{done}/{total} steps"),
                md(f"*Started*\n{local(view.opened_at, tz, '%Y-%m-%d %H:%M %Z')}"),
                md(f"*Status*\n{state}"),
            ],
        },
        *_chunked(roles),
        *_deadlines(view, tz, now),
        context(
            f"Log head: entry {view.head_seq} · `{view.head_hash[:16]}` · playbook version `{view.playbook_hash[:12]}`"
        ),
    ]
    if view.description:
        blocks.insert(2, section(cut_escaped(view.description, SECTION_TEXT)))
    text = f"{view.ref}: {cut_escaped(view.title, 200)} ({esc(view.phase_title)}, {done}/{total})"
    return text, blocks


DEADLINE_MARK = {
    "open": ":hourglass_flowing_sand:",
    "overdue": ":rotating_light:",
    "met": ":white_check_mark:",
    "late": ":warning:",
    "skipped": ":fast_forward:",
}


def _deadlines(view: IncidentView, tz: ZoneInfo, now: dt.datetime) -> list[Block]:
    """The calendar deadlines that apply (HIPAA notifications), each with its status and
    how many days are left, counted from the discovery time."""
    shown = [d for d in view.deadlines if d.status != "not-required"]
    if not shown:
        return []
    lines = [f"*Deadlines* (from discovery {local(view.discovered_at, tz, '%Y-%m-%d %H:%M %Z')})"]
    for d in shown:
        title = esc(d.deadline.title.split(" (")[0])
        due = local(d.due_at, tz, "%Y-%m-%d")
        if d.status == "open" and view.closed:  # not redrawn each day any more: no count
            state = f"due {due}, still owed"
            if d.applies is None:
                state += " (unless the risk assessment rules it out)"
        elif d.status == "open":  # whole days by the calendar, so it changes at midnight
            days = max(0, (d.due_at.astimezone(tz).date() - now.astimezone(tz).date()).days)
            state = f"due {due}, *{days} day{'s' if days != 1 else ''} left*"
            if d.applies is None:
                state += " (unless the risk assessment rules it out)"
        elif d.status == "overdue":
            state = f"*overdue* since {due}"
        elif d.status in ("met", "late") and d.done_at is not None:
            state = f"{d.status} {local(d.done_at, tz, '%Y-%m-%d')} (due {due})"
        else:
            state = f"{d.status} (due {due})"
        lines.append(f"{DEADLINE_MARK.get(d.status, '')} {title}: {state}")
    return _chunked(lines)


def _chunked(lines: list[str], limit: int = SECTION_TEXT - 100) -> list[Block]:
    """Lines in as few sections as fit Slack's 3000 characters, none split."""
    sections: list[Block] = []
    chunk: list[str] = []
    for line in lines:
        line = cut(line, limit)
        if chunk and sum(len(x) + 1 for x in chunk) + len(line) > limit:
            sections.append(section("\n".join(chunk)))
            chunk = []
        chunk.append(line)
    if chunk:
        sections.append(section("\n".join(chunk)))
    return sections


def _step_line(
    sv: StepView, role_title: str, waiting: list[str], tz: ZoneInfo, now: dt.datetime
) -> str:
    bits = [f"{STATUS_MARK[sv.status]} *{cut_escaped(sv.step.title, 400)}*"]
    owner = f"{cut_escaped(role_title, 100)}: {mention(sv.owner)}"
    if sv.owner is None:
        owner += " :warning:"
    meta = [owner]
    if sv.status == "open":
        if sv.due_at:
            meta.append(
                (":alarm_clock: *overdue*, was due " if sv.overdue(now) else "due ")
                + local(sv.due_at, tz)
            )
        if sv.waiting_for:
            meta.append("waits for " + "; ".join(f"“{cut_escaped(t, 60)}”" for t in waiting))
        if not sv.required:
            meta.append("optional")
        if sv.step.completed_by:
            meta.append(event_words(sv.step.completed_by))
    else:
        meta.append(f"{sv.status} by {mention(sv.changed_by)} {local(sv.changed_at, tz)}")
        if sv.reason:
            meta.append(f"reason: {cut_escaped(sv.reason, 300)}")
    bits.append(" · ".join(meta))
    if sv.status == "open" and sv.step.guidance:
        bits.append(f"_{cut_escaped(sv.step.guidance, 500)}_")
    return "\n".join(bits)


def _step_section(view: IncidentView, sv: StepView, tz: ZoneInfo, now: dt.datetime) -> Block:
    value = f"{view.ref}|{sv.step.id}"
    if sv.status == "open":
        accessory = button("Done", ids.Action.STEP_DONE, value, style="primary")
    else:
        accessory = button("Reopen", ids.Action.STEP_REOPEN, value)
    return section(
        _step_line(
            sv,
            view.playbook.role_title(sv.step.role),
            [view.playbook.step(s).title for s in sv.waiting_for if view.playbook.has_step(s)],
            tz,
            now,
        ),
        block_id=f"step|{sv.step.id}"[:255],
        accessory=accessory,
    )


def checklist(view: IncidentView, tz: ZoneInfo, now: dt.datetime) -> list[tuple[str, list[Block]]]:
    """The thread's checklist, as one message or, when the phase's steps do not fit Slack's
    limits (50 blocks, about 12,000 characters of text), several: the first holds the
    phase's heading, its first steps and the incident's controls; each further message
    continues the list, every step with its own button."""
    ref = view.ref
    if view.closed:
        done, total = view.progress
        blocks: list[Block] = [
            section(
                f"*{ref} is closed.* {done}/{total} steps finished. Replies here are still recorded.",
                # A confidential incident's report goes to the commander and privacy
                # officer directly, never to the channel: the button says so.
                accessory=button(
                    "Send the report" if view.playbook.confidential else "Post the report",
                    ids.Action.REPORT_POST,
                    ref,
                ),
            ),
        ]
        return [(f"{ref} closed", blocks)]
    phases = view.playbook.phases
    index = view.playbook.phase_index(view.phase)
    phase_title = esc(view.playbook.phase(view.phase).title)
    steps = [sv for sv in view.steps if sv.step.phase == view.phase]
    early = [
        sv
        for sv in view.steps
        if view.playbook.phase_index(sv.step.phase) > index and not sv.finished
    ]
    open_required = sum(1 for sv in steps if sv.required and not sv.finished)
    heading = section(
        f"*Phase {index + 1} of {len(phases)}: {phase_title}*"
        f" · {open_required} required step{'s' if open_required != 1 else ''} open"
    )
    tail: list[Block] = []
    if early:
        tail.append(
            context(
                f"{len(early)} step(s) of later phases come into this list when their phase does."
            )
        )
    tail += [
        {"type": "divider"},
        {"type": "actions", "block_id": ids.Block.INCIDENT_CONTROLS, "elements": _controls(view)},
        context(
            "Reply in this thread to add to the record: replies, edits and reactions are logged."
        ),
    ]
    sections = [_step_section(view, sv, tz, now) for sv in steps]
    # Steps an override left open stay here, under their phase, to be done or skipped.
    for phase in phases[:index]:
        left = [sv for sv in view.left_open() if sv.step.phase == phase.id]
        if left:
            sections.append(
                section(f"*Left open in {esc(phase.title)}* ({len(left)}), still to do or skip:")
            )
            sections += [_step_section(view, sv, tz, now) for sv in left]
    first, rest = _fill([heading], sections, reserve=[*tail, _continued(ref, 99)])
    pages = [first]
    while rest:
        page, rest = _fill([_continued_heading(ref, phase_title)], rest, reserve=[])
        pages.append(page)
    if len(pages) > 1:
        pages[0].append(_continued(ref, len(pages)))
    pages[0] += tail
    done, total = view.progress
    text = f"{ref} checklist: {phase_title} ({done}/{total})"
    return [
        (text if n == 0 else f"{text}, continued ({n + 1} of {len(pages)})", page)
        for n, page in enumerate(pages)
    ]


def _fill(
    page: list[Block], sections: list[Block], *, reserve: list[Block]
) -> tuple[list[Block], list[Block]]:
    """`page` with as many of `sections` as fit beside `reserve`; the ones left over."""
    room_blocks = MAX_BLOCKS - len(page) - len(reserve)
    room_text = PAGE_TEXT - text_size(page) - text_size(reserve)
    taken = 0
    for block in sections:
        size = text_size(block)
        if taken >= room_blocks or (taken and size > room_text):
            break
        room_text -= size
        taken += 1
    return page + sections[:taken], sections[taken:]


def _continued(ref: str, pages: int) -> Block:
    return context(f"{ref}: this phase's steps continue below ({pages} messages).")


def _continued_heading(ref: str, phase_title: str) -> Block:
    return section(f"*{ref} · {phase_title}*, continued")


def _controls(view: IncidentView) -> list[Block]:
    ref = view.ref
    phases = view.playbook.phases
    index = view.playbook.phase_index(view.phase)
    controls = [
        button("Assign roles", ids.Action.ROLES_OPEN, ref),
        button("Add note", ids.Action.NOTE_OPEN, ref),
        *(
            [button("Draft statement", ids.Action.STATEMENT_OPEN, ref)]
            if view.playbook.statements
            else []
        ),
        *(
            [
                button("Discovery time…", ids.Action.DISCOVERY_OPEN, ref),
                button("Breach assessment…", ids.Action.ASSESS_OPEN, ref),
            ]
            if view.playbook.deadlines
            else []
        ),
        button("Skip a step…", ids.Action.SKIP_OPEN, ref),
    ]
    if index == len(phases) - 1:
        controls.append(button("Close incident…", ids.Action.CLOSE_OPEN, ref, style="danger"))
        return controls
    nxt = phases[index + 1].title
    # No confirm dialog: the button opens a form that checks first and lists what is open.
    controls.append(
        button(
            f"Advance to {nxt}…",
            ids.Action.PHASE_ADVANCE,
            f"{ref}|{view.phase}",
            style="primary",
        )
    )
    controls.append(button("Close…", ids.Action.CLOSE_OPEN, ref))
    return controls
