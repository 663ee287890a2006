"""Every incident at a glance: the App Home tab, and the same figures as text for
`crisisbot stats`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from bot.render.blocks import Block, context, cut_escaped, esc, local, section
from bot.render.text import duration
from bot.report.stats import OpenIncident, Stats

MAX_HOME_BLOCKS = 100
Link = Callable[[str | None, str | None], str | None]


def _share(stats: Stats) -> str:
    share = stats.late_share
    if share is None:
        return "no steps with a due time were done"
    return f"{share:.0%} ({stats.steps_done_late} of {stats.steps_done_with_due} with a due time)"


def _open_line(row: OpenIncident, link: Link) -> str:
    url = link(row.channel_id, row.thread_ts)
    name = f"<{url}|{row.ref}>" if url else row.ref
    overdue = (
        f" · :alarm_clock: *{row.overdue_steps} overdue*" if row.overdue_steps else " · on time"
    )
    drill = " · _drill_" if row.drill else ""
    return (
        f"{name} · *{cut_escaped(row.title, 120)}*\n"
        f"{esc(row.playbook_title)} · {esc(row.phase_title)} · {row.severity} · "
        f"open {duration(row.age)}{overdue}{drill}"
    )


def home_view(
    rows: list[OpenIncident],
    stats: Stats,
    tz: ZoneInfo,
    link: Link,
    days: int,
    *,
    hidden: int = 0,
    delivery: tuple[int, int] | None = None,
) -> dict[str, Any]:
    """The App Home tab: open incidents first (most overdue first), then the last `days`
    days' figures. `hidden` open incidents are in channels the person is not in.
    `delivery` (for admins): messages Slack refused for good, and those still failing."""
    rows = sorted(rows, key=lambda r: (-r.overdue_steps, r.opened_at))
    blocks: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": "Crisis incidents"}},
        section(f"*Open now ({len(rows)})*" if rows else "*No open incidents you can see.*"),
    ]
    if hidden:
        blocks.append(context(f"{hidden} more open in channels you are not a member of."))
    if delivery and any(delivery):
        parked, retrying = delivery
        blocks.insert(
            1,
            section(
                f":warning: *Slack delivery:* {parked} message(s) Slack refused for good"
                f" and {retrying} still being retried. `crisisbot outbox list` shows them;"
                " `crisisbot outbox retry` sends the refused ones again once fixed."
            ),
        )
    shown = rows[:40]
    blocks += [section(_open_line(row, link)) for row in shown]
    if len(rows) > len(shown):
        blocks.append(context(f"…and {len(rows) - len(shown)} more: `crisisbot incident list`."))
    blocks.append({"type": "divider"})
    first = (
        f"{duration(stats.first_holding_median)} (median of {stats.first_holding_incidents})"
        if stats.first_holding_median is not None
        else "none approved"
    )
    counts = ", ".join(f"{esc(title)}: {n}" for title, n in stats.per_playbook.items()) or "none"
    not_counted = "drills and confidential incidents" if stats.left_out else "drills"
    blocks.append(
        section(
            f"*Last {days} days* ({stats.incidents} incidents, {not_counted} not counted)\n"
            f"*Per playbook:* {counts}\n"
            f"*Time to the first approved holding statement:* {first}\n"
            f"*Steps done late:* {_share(stats)}"
        )
    )
    phase_lines = [
        f"{esc(p.playbook_title)} · {esc(p.phase_title)}: {duration(p.median)} "
        f"(median of {p.incidents})"
        for p in stats.phases
    ]
    if phase_lines:
        chunk = ""
        for line in phase_lines:
            if len(chunk) + len(line) > 2800:
                blocks.append(section(chunk))
                chunk = ""
            chunk += ("\n" if chunk else "*Median time per phase*\n") + line
        blocks.append(section(chunk))
    blocks.append(context(f"Updated {local(stats.until, tz, '%Y-%m-%d %H:%M %Z')}"))
    return {"type": "home", "blocks": blocks[:MAX_HOME_BLOCKS]}


def stats_text(rows: list[OpenIncident], stats: Stats, tz: ZoneInfo) -> str:
    """`crisisbot stats`: the same figures as the App Home, as plain text."""
    lines = [f"Open incidents: {len(rows)}"]
    for r in rows:
        drill = " [drill]" if r.drill else ""
        lines.append(
            f"  {r.ref}  {r.phase_title:<28} open {duration(r.age):>8}  "
            f"{r.overdue_steps} overdue  {r.title}{drill}"
        )
    span = f"{local(stats.since, tz, '%Y-%m-%d')} to {local(stats.until, tz, '%Y-%m-%d %H:%M %Z')}"
    drills = "drills included" if stats.include_drills else "drills not counted"
    lines += ["", f"Incidents opened {span} ({drills}): {stats.incidents}"]
    for title, n in stats.per_playbook.items():
        lines.append(f"  {title}: {n}")
    first = (
        f"{duration(stats.first_holding_median)} (median of {stats.first_holding_incidents})"
        if stats.first_holding_median is not None
        else "none approved"
    )
    lines.append(f"Time to the first approved holding statement: {first}")
    lines.append(f"Steps done late: {_share(stats)}")
    if stats.phases:
        lines.append("Median time per phase:")
        for p in stats.phases:
            lines.append(
                f"  {p.playbook_title} / {p.phase_title}: {duration(p.median)} ({p.incidents})"
            )
    return "\n".join(lines)
