"""The short summary posted in the thread beside the HTML report."""

from __future__ import annotations

from bot.render.blocks import cut_escaped, esc, local
from bot.render.text import duration
from bot.report.model import Report


def summary_text(report: Report) -> str:
    """A few lines a leader reads before opening the file: how long, what was late,
    what was said publicly, whether the deadlines held, and the log head."""
    s, tz = report.summary, report.tz
    state = (
        f"closed {local(s.closed_at, tz, '%Y-%m-%d %H:%M %Z')} after {duration(s.duration)}"
        if s.closed_at
        else f"open for {duration(s.duration)}"
    )
    done = sum(1 for step in report.steps if step.status != "open")
    lines = [
        f":page_facing_up: *Post-incident report: {s.ref}*{' (DRILL)' if s.drill else ''}"
        f" · {cut_escaped(s.title, 200)}",
        f"{esc(s.playbook_title)} · {s.severity} · {state}",
        f"Steps: {done}/{len(report.steps)} finished, {len(report.late_steps)} late, "
        f"{len(report.overrides)} phase override(s)",
    ]
    published = sum(len(st.publications) for st in report.statements)
    first = report.first_holding
    lines.append(
        f"Statements: {len(report.statements)} drafted, {published} publication(s); "
        + (
            f"first holding statement approved after {duration(first.elapsed)}"
            if first
            else "no holding statement approved"
        )
    )
    if report.has_deadlines:
        missed = report.deadlines_missed
        lines.append(
            "Deadlines: "
            + (
                ", ".join(f"{esc(d.title)} ({d.status})" for d in missed)
                if missed
                else "none missed"
            )
            + (f"; {len(report.deadlines_open)} still owed" if report.deadlines_open else "")
        )
    head = report.log
    lines.append(
        f"Log: {head.entries} entries, head `{head.hash[:16]}`, "
        + (
            "chain verified"
            if head.verified
            else f":warning: {esc(head.problem or 'not verified')}"
        )
    )
    return "\n".join(lines)[:3900]
