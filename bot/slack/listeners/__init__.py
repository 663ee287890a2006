"""Every listener, by surface: each module is a table of module-level functions.

commands   /crisis
checklist  the thread's buttons (tick, reopen, advance, the controls opening a form)
forms      the thread's forms and the start form (submitted before the ack)
statements drafting, approving and publishing holding statements
thread     replies, edits, deletions and reactions, captured into the log
home       the App Home tab
people     people renamed in Slack (the names shown follow)
"""

from __future__ import annotations

from types import ModuleType

from slack_bolt import App

from bot.slack.jobs import Job
from bot.slack.lanes import action_job
from bot.slack.listeners import checklist, commands, forms, home, people, statements, thread

SURFACES: tuple[ModuleType, ...] = (
    commands, checklist, forms, statements, thread, home, people,
)  # fmt: skip


def jobs() -> dict[str, Job]:
    """Every kind of work kept in the inbox, by name (a click's work is one kind)."""
    table: dict[str, Job] = {"action": action_job}
    for surface in SURFACES:
        table |= getattr(surface, "JOBS", {})
    return table


def register(app: App) -> None:
    """Register every surface's table with Bolt."""
    for surface in SURFACES:
        for command, listener in getattr(surface, "COMMANDS", {}).items():
            app.command(command)(listener)
        for action_id, listener in getattr(surface, "ACTIONS", {}).items():
            app.action(action_id)(listener)
        for constraints, listener in getattr(surface, "BLOCK_ACTIONS", []):
            app.action(constraints)(listener)
        for callback_id, listener in getattr(surface, "VIEWS", {}).items():
            app.view(callback_id)(listener)
        for event, listener in getattr(surface, "EVENTS", {}).items():
            app.event(event)(listener)
