"""A reminder in the incident thread: whom it is for (mentioned, so Slack notifies them),
what is late or coming and by how much, and the controls to act on it right there."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from bot.incidents.view import IncidentView
from bot.reminders import schedule
from bot.render.blocks import Block, button, context, cut_escaped, esc, local, mention, section
from bot.render.text import duration
from bot.slack import ids
from bot.store.models import Reminder

MAX_ITEMS = 15  # each a section and its controls: well inside Slack's 50 blocks


def still_due(row: Reminder, view: IncidentView) -> bool:
    """Whether what a reminder is about still needs doing (it may have been done between
    the reminder being recorded and being posted)."""
    if view.closed:
        return False
    if row.kind in (schedule.STEP, schedule.ESCALATE, schedule.PAGE):
        return any(sv.step.id == row.subject and not sv.finished for sv in view.steps)
    if row.kind == schedule.ROLE:
        return any(role.id == row.subject for role in view.unfilled_required_roles)
    return any(
        d.deadline.id == row.subject and d.status in schedule.OPEN_DEADLINE for d in view.deadlines
    )


def reminder(
    rows: Sequence[Reminder], view: IncidentView, tz: ZoneInfo, now: dt.datetime
) -> tuple[str, list[Block]]:
    """One message for one person, however many things are due for them at once."""
    to = mention(rows[0].to_user) if rows[0].to_user else "Everyone"
    steps = {sv.step.id: sv for sv in view.steps}
    holders = {role.id: holder for role, holder in view.roles}
    blocks: list[Block] = []
    if len(rows) > 1:
        blocks.append(section(f"{to}: {len(rows)} things in *{view.ref}* need you."))
    for row in rows[:MAX_ITEMS]:
        lead = "" if len(rows) > 1 else f"{to} "
        value = f"{view.ref}|{row.subject}"
        if row.kind in (schedule.STEP, schedule.ESCALATE) and row.subject in steps:
            sv = steps[row.subject]
            late = duration(now - row.due_at) if now > row.due_at else "0m"
            title = cut_escaped(sv.step.title, 300)
            if row.kind == schedule.STEP:
                text = f":alarm_clock: {lead}*{title}* is {late} overdue (was due {local(row.due_at, tz)})."
            else:
                owner = view.playbook.role_title(sv.step.role)
                text = (
                    f":rotating_light: {lead}*{title}* ({esc(owner)}: {mention(sv.owner)}) is "
                    f"{late} overdue (was due {local(row.due_at, tz)}); its owner was reminded."
                )
            blocks.append(section(text))
            blocks.append(
                {
                    "type": "actions",
                    "block_id": f"remind|{row.id}",
                    "elements": [
                        button("Done", ids.Action.STEP_DONE, value, style="primary"),
                        button("Skip…", ids.Action.SKIP_OPEN, value),
                        button("On it", ids.Action.ON_IT, value),
                    ],
                }
            )
        elif row.kind == schedule.ROLE:
            title = view.playbook.role_title(row.subject)
            text = f":bust_in_silhouette: {lead}nobody holds *{esc(title)}* yet, a required role."
            blocks.append(
                section(text, accessory=button("Assign roles", ids.Action.ROLES_OPEN, view.ref))
            )
        else:
            title = next(
                (d.deadline.title for d in view.deadlines if d.deadline.id == row.subject),
                row.subject,
            )
            day = local(row.due_at, tz, "%Y-%m-%d")
            if row.kind == schedule.DEADLINE_MISSED:
                text = f":red_circle: {lead}*{cut_escaped(title, 300)}* was due {day} and is not recorded as met."
            else:
                days = (row.due_at.astimezone(tz).date() - now.astimezone(tz).date()).days
                text = (
                    f":hourglass: {lead}*{cut_escaped(title, 300)}* is due {day}, "
                    f"{days} day{'s' if days != 1 else ''} from now (a legal deadline)."
                )
            blocks.append(section(text))
    if len(rows) > MAX_ITEMS:
        blocks.append(context(f"{len(rows) - MAX_ITEMS} more: see the checklist above."))
    holder = holders.get(view.playbook.commander_role)
    if rows[0].to_user and rows[0].to_user != holder and any(r.kind == schedule.STEP for r in rows):
        blocks.append(context("Not done in time, the incident commander is told next."))
    first = rows[0]
    summary = f"Reminder for {view.ref}: {len(rows)} item(s) need attention"
    if first.to_user:
        summary = f"<@{first.to_user}> {summary}" if first.to_user.isalnum() else summary
    return summary, blocks
