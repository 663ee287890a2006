"""Plain-text views for the terminal (the CLI's `show` commands)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from zoneinfo import ZoneInfo

from bot.incidents.view import EntryView, IncidentLine, IncidentView
from bot.playbooks.model import Playbook, event_words

_MARK = {"done": "[x]", "skipped": "[-]", "open": "[ ]"}


def when(ts: dt.datetime | None, tz: ZoneInfo) -> str:
    if ts is None:
        return "-"
    return ts.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z")


def duration(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days}d {hours}h"
    return f"{hours}h {minutes:02d}m" if hours else f"{minutes}m"


def playbook_text(playbook: Playbook) -> str:
    lines = [
        f"{playbook.title} ({playbook.id})",
        playbook.summary,
        f"Default severity: {playbook.severity}. Owner: {playbook.owner or '-'}. "
        f"Last reviewed: {playbook.reviewed or '-'}.",
        "",
        "Roles:",
    ]
    for role in playbook.roles:
        extra = []
        if role.required:
            extra.append("required")
        if role.id == playbook.commander_role:
            extra.append("commands")
        if role.id == playbook.privacy_role:
            extra.append("privacy")
        lines.append(f"  {role.id:<20} {role.title}" + (f" ({', '.join(extra)})" if extra else ""))
    for phase in playbook.phases:
        lines += ["", f"Phase {phase.title} ({phase.id}):"]
        for step in playbook.steps_in(phase.id):
            due = ""
            if step.due_minutes:
                origin = "start" if step.due_from == "start" else "phase start"
                due = f", due {step.due_minutes} min after {origin}"
            opt = "" if step.required else ", optional"
            lines.append(f"  {step.id}: {step.title}")
            lines.append(f"      owner {step.role}{due}{opt}")
            if step.depends_on:
                lines.append(f"      after: {', '.join(step.depends_on)}")
            if step.completed_by:
                lines.append(f"      {event_words(step.completed_by)}")
    if playbook.deadlines:
        lines += ["", "Calendar deadlines:"]
        for d in playbook.deadlines:
            cond = "" if d.applies_if == "always" else f" [if {d.applies_if}]"
            lines.append(f"  {d.id}: {d.title} ({d.days} days after {d.after}, {d.role}){cond}")
    if playbook.statements:
        lines += ["", f"Statements: {', '.join(playbook.statements)}"]
        lines.append(f"Approved by: {', '.join(playbook.approvers)}")
    return "\n".join(lines)


def incident_text(
    view: IncidentView, tz: ZoneInfo, now: dt.datetime, names: Mapping[str, str] | None = None
) -> str:
    """`incident show`: people by name where Slack told the bot one (`names`), and by id
    beside it under Roles, as commands take ids."""
    names = names or {}

    def who(user: str | None) -> str:
        return names.get(user or "", user or "-")

    done, total = view.progress
    end = view.closed_at or now
    lines = [
        f"{view.ref}: {view.title}" + ("  [DRILL]" if view.drill else ""),
        f"Playbook {view.playbook.title} ({view.playbook.id}, {view.playbook_hash[:12]})",
        f"Severity {view.severity}. Phase {view.phase_title}. Progress {done}/{total} steps.",
        f"Opened {when(view.opened_at, tz)} by {who(view.opened_by)}; discovered {when(view.discovered_at, tz)}; "
        + (f"closed {when(view.closed_at, tz)}" if view.closed_at else "open")
        + f" ({duration(end - view.opened_at)}).",
        f"Log head: entry {view.head_seq}, {view.head_hash}",
    ]
    if view.description:
        lines += ["", view.description]
    lines += ["", "Roles:"]
    for role, holder in view.roles:
        flag = "  << required, unassigned" if role.required and holder is None else ""
        shown = f"{names[holder]} ({holder})" if holder in names else (holder or "-")
        lines.append(f"  {role.title:<28} {shown}{flag}")
    for phase in view.playbook.phases:
        marker = "  (current)" if phase.id == view.phase else ""
        lines += ["", f"{phase.title}{marker}:"]
        for s in (sv for sv in view.steps if sv.step.phase == phase.id):
            notes = []
            if s.step.role and s.owner is None:
                notes.append(f"{s.step.role} unassigned")
            if s.status == "open":
                if s.due_at:
                    notes.append(
                        ("OVERDUE, was due " if s.overdue(now) else "due ") + when(s.due_at, tz)
                    )
                if s.waiting_for:
                    notes.append("waits for " + ", ".join(s.waiting_for))
            else:
                notes.append(f"{s.status} by {who(s.changed_by)} {when(s.changed_at, tz)}")
                if s.reason:
                    notes.append(f"reason: {s.reason}")
            opt = "" if s.required else " (optional)"
            lines.append(f"  {_MARK[s.status]} {s.step.id}: {s.step.title}{opt}")
            lines.append(f"        {s.step.role}" + (f"; {'; '.join(notes)}" if notes else ""))
    if view.deadlines:
        lines += ["", "Calendar deadlines (from discovery):"]
        for d in view.deadlines:
            cond = (
                ""
                if d.deadline.applies_if == "always"
                else f" [applies if {d.deadline.applies_if}]"
            )
            state = d.status + (f" {when(d.done_at, tz)}" if d.done_at else "")
            state += f"; {d.note}" if d.note else ""
            lines.append(f"  {when(d.due_at, tz)}  {d.deadline.title}{cond}")
            lines.append(f"        {state}")
        a = view.assessment
        if a is None:
            lines.append(
                "  Breach risk assessment: not recorded (a breach is presumed until it is)"
            )
        else:
            verdict = "breach" if a.get("breach") else "low probability of compromise"
            lines.append(
                f"  Breach risk assessment: {verdict}; {a.get('affected')} affected, "
                f"at most {a.get('state_residents_max')} in one state"
            )
    return "\n".join(lines)


def incident_lines(rows: list[IncidentLine], tz: ZoneInfo, now: dt.datetime) -> str:
    if not rows:
        return "No incidents."
    out = []
    for r in rows:
        age = duration((r.closed_at or now) - r.opened_at)
        drill = " [drill]" if r.drill else ""
        out.append(
            f"{r.ref}  {r.phase:<12} {r.severity:<8} {age:>8}  {r.playbook_id}: {r.title}{drill}"
        )
    return "\n".join(out)


def log_text(entries: list[EntryView], tz: ZoneInfo) -> str:
    return "\n".join(
        f"{e.seq:>5}  {e.ts.astimezone(tz).strftime('%Y-%m-%d %H:%M:%S.%f')[:-3]}  {e.actor:<16} {e.kind:<16} {e.text}"
        for e in entries
    )
