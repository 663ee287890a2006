"""Requests exactly as Slack sends them to an app: commands, interactions and events, signed.

Slash commands and interactions are built in interactions.py, events in events.py, the
signed SlackRequest in signed.py, and SlackSender (which POSTs them) in sender.py.
"""

from bot.sandbox.requests.events import (
    app_home_opened_event,
    app_mention_event,
    event,
    message_changed_event,
    message_deleted_event,
    message_event,
    reaction_added_event,
    reaction_removed_event,
    url_verification,
)
from bot.sandbox.requests.interactions import (
    DEFAULT_USER,
    block_actions,
    button_action,
    checkboxes_action,
    element_action,
    new_trigger_id,
    overflow_action,
    slash_command,
    state_values,
    static_select_action,
    users_select_action,
    view_closed,
    view_submission,
)
from bot.sandbox.requests.sender import ACK_SECONDS, Reply, SlackSender
from bot.sandbox.requests.signed import FORM, JSON, VERIFICATION_TOKEN, SlackRequest, sign

__all__ = [
    "ACK_SECONDS",
    "DEFAULT_USER",
    "FORM",
    "JSON",
    "VERIFICATION_TOKEN",
    "Reply",
    "SlackRequest",
    "SlackSender",
    "app_home_opened_event",
    "app_mention_event",
    "block_actions",
    "button_action",
    "checkboxes_action",
    "element_action",
    "event",
    "message_changed_event",
    "message_deleted_event",
    "message_event",
    "new_trigger_id",
    "overflow_action",
    "reaction_added_event",
    "reaction_removed_event",
    "sign",
    "slash_command",
    "state_values",
    "static_select_action",
    "url_verification",
    "users_select_action",
    "view_closed",
    "view_submission",
]
