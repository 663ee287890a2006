"""People renamed in Slack: the names crisisbot shows follow (user_change)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.slack.lanes import Listener, side_of


def on_user_change(ack: Ack, event: dict[str, Any], context: dict[str, Any]) -> None:
    ack()
    user = event.get("user")
    if isinstance(user, dict):
        side = side_of(context)
        side.pool.now(lambda: side.people.learn(user))


EVENTS: dict[str, Listener] = {"user_change": on_user_change}
