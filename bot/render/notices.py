"""Short texts in the thread and in answers only one person sees: the /crisis usage and
lists, a log entry announced in the thread, and a refusal."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from bot.incidents.log import LogKind, kept_label
from bot.incidents.view import EntryView, IncidentLine, IncidentView
from bot.playbooks.model import Playbook
from bot.render.blocks import Block, button, context, cut, cut_escaped, esc, mention, section
from bot.render.text import duration
from bot.slack.ids import Action

USAGE = """*Usage:* `/crisis <command>`
• `/crisis start` — open the form to start an incident
• `/crisis start <playbook-id> <title…>` — start one directly, e.g. `/crisis start phi-leak Staff post shows a chart`
• `/crisis drill <playbook-id> <title…>` — the same as an exercise, marked DRILL and left out of the figures
• `/crisis list` — open incidents, with links to their threads
• `/crisis playbooks` — the playbooks there are
• `/crisis report <incident>` — post the post-incident report in the incident's thread
• `/crisis evidence <incident> <url> <sha256> [captured]` — record an item of evidence (where it was, its saved capture's SHA-256, when it was captured if not now)
• `/crisis help` — this text
Everything else happens in the incident's thread: tick steps, assign roles, add notes, advance and close."""


def incident_list(
    rows: list[IncidentLine], tz: ZoneInfo, now: dt.datetime, link: Any, *, hidden: int = 0
) -> tuple[str, list[Block]]:
    """Open incidents the person may see, newest first, each linked to its thread; chunked
    to Slack's limits. `hidden` counts those in channels they are not in (not named)."""
    elsewhere = (
        f"{hidden} more open in channels you are not in; ask their commanders or an admin."
        if hidden
        else ""
    )
    if not rows:
        text = "No open incidents you can see." if hidden else "No open incidents."
        return text, [section(text), *([context(elsewhere)] if elsewhere else [])]
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
    if elsewhere:
        blocks.append(context(elsewhere))
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
    if entry.kind == LogKind.ON_IT:
        step = str(data.get("step", ""))
        title = view.playbook.step(step).title if view.playbook.has_step(step) else step
        return (
            f":raising_hand: {who} is on *{cut_escaped(title, 300)}*; its reminders wait "
            f"{data.get('minutes')} min."
        )
    if entry.kind == LogKind.NOTE:
        kept = kept_label(data)
        return (
            f":memo: Note from {who}"
            + (f" ({kept})" if kept else "")
            + (f":\n{cut_escaped(entry.text, 3500)}")
        )
    return f"{who}: {cut_escaped(entry.text, 3500)}"


def ephemeral_refusal(message: str) -> tuple[str, list[Block]]:
    """Why an action did nothing, to one person, with a button to take it away."""
    text = cut(message, 2900)
    return text, [
        section(f":no_entry: {esc(text)}"),
        {
            "type": "actions",
            "elements": [button("Dismiss", Action.DISMISS, "dismiss")],
        },
    ]
