"""Slash commands and interactions (block actions, modal submissions) as Slack sends them."""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Mapping, Sequence
from typing import Any

from bot.sandbox.cast import CAST, COMMS
from bot.sandbox.fake_slack.state import (
    APP_ID,
    BOT_ID,
    CHANNEL_ID,
    TEAM_DOMAIN,
    TEAM_ID,
    Message,
)
from bot.sandbox.requests.signed import (
    VERIFICATION_TOKEN,
    Json,
    SlackRequest,
    form_request,
    interaction_request,
    now_ts,
)

DEFAULT_USER = COMMS.id
_NAMES = {person.id: person.name for person in CAST}
_TEXT_INPUTS = ("plain_text_input", "email_text_input", "url_text_input", "number_input")
_ONE_OPTION = ("static_select", "external_select", "radio_buttons", "overflow")
_MANY_OPTIONS = ("multi_static_select", "multi_external_select", "checkboxes")
_SELECTED = {
    "users_select": "selected_user", "multi_users_select": "selected_users",
    "conversations_select": "selected_conversation",
    "multi_conversations_select": "selected_conversations",
    "channels_select": "selected_channel", "multi_channels_select": "selected_channels",
    "datepicker": "selected_date", "timepicker": "selected_time",
    "datetimepicker": "selected_date_time",
}  # fmt: skip


def new_trigger_id() -> str:
    """A trigger_id in Slack's shape (the fake only accepts its own, from FakeSlack)."""
    return (
        f"{secrets.randbelow(10**13):013d}.{secrets.randbelow(10**10):010d}.{secrets.token_hex(16)}"
    )


def _response_url(kind: str, team_id: str) -> str:
    return f"https://hooks.slack.com/{kind}/{team_id}/{secrets.randbelow(10**13)}/{secrets.token_urlsafe(18)}"


def _user(user_id: str, team_id: str) -> Json:
    name = _NAMES.get(user_id, user_id.lower())
    return {"id": user_id, "username": name, "name": name, "team_id": team_id}


# -- slash commands -----------------------------------------------------------------------------


def slash_command(
    text: str = "", *, command: str = "/crisis", user_id: str = DEFAULT_USER,
    user_name: str | None = None, channel_id: str = CHANNEL_ID, channel_name: str = "crisis-room",
    team_id: str = TEAM_ID, team_domain: str = TEAM_DOMAIN, trigger_id: str | None = None,
    response_url: str | None = None, api_app_id: str = APP_ID,
) -> SlackRequest:  # fmt: skip
    """A slash command invocation, form-encoded in Slack's field order."""
    return form_request({
        "token": VERIFICATION_TOKEN, "team_id": team_id, "team_domain": team_domain,
        "channel_id": channel_id, "channel_name": channel_name, "user_id": user_id,
        "user_name": user_name or _NAMES.get(user_id, user_id.lower()), "command": command,
        "text": text, "api_app_id": api_app_id, "is_enterprise_install": "false",
        "response_url": response_url or _response_url("commands", team_id),
        "trigger_id": trigger_id or new_trigger_id(),
    })  # fmt: skip


# -- block actions ------------------------------------------------------------------------------


def _plain(text: str) -> Json:
    return {"type": "plain_text", "text": text, "emoji": True}


def button_action(
    action_id: str, block_id: str, value: str | None = None, *, text: str = "Button",
    style: str | None = None,
) -> Json:  # fmt: skip
    """A button click in `actions`."""
    action: Json = {"action_id": action_id, "block_id": block_id, "text": _plain(text)}
    action |= {"value": value} if value is not None else {}
    action |= {"style": style} if style else {}
    return action | {"type": "button", "action_ts": now_ts()}


def users_select_action(action_id: str, block_id: str, selected_user: str) -> Json:
    """A users_select choice in `actions`."""
    return {"type": "users_select", "action_id": action_id, "block_id": block_id,
            "selected_user": selected_user, "action_ts": now_ts()}  # fmt: skip


def static_select_action(
    action_id: str, block_id: str, value: str, text: str | None = None
) -> Json:
    """A static_select choice in `actions`."""
    option = {"text": _plain(text or value), "value": value}
    return {"type": "static_select", "action_id": action_id, "block_id": block_id,
            "selected_option": option, "placeholder": _plain("Select an item"),
            "action_ts": now_ts()}  # fmt: skip


def overflow_action(action_id: str, block_id: str, value: str, text: str | None = None) -> Json:
    """An overflow menu choice in `actions`."""
    option = {"text": _plain(text or value), "value": value}
    return {"type": "overflow", "action_id": action_id, "block_id": block_id,
            "selected_option": option, "action_ts": now_ts()}  # fmt: skip


def checkboxes_action(
    action_id: str, block_id: str, selected: Mapping[str, str] | Sequence[str]
) -> Json:
    """The ticked checkboxes in `actions`; `selected` is values, or {value: label}."""
    labels = selected if isinstance(selected, Mapping) else {v: v for v in selected}
    options = [{"text": _plain(label), "value": value} for value, label in labels.items()]
    return {"type": "checkboxes", "action_id": action_id, "block_id": block_id,
            "selected_options": options, "action_ts": now_ts()}  # fmt: skip


def element_action(element: Json, block_id: str, value: Any) -> Json:
    """The `actions` entry Slack sends when a person picks `value` in `element` (a button sends
    its own value); raises ValueError or TypeError for a value the element cannot take."""
    kind = element["type"]
    if kind == "button":
        text = (element.get("text") or {}).get("text", "Button")
        return button_action(
            element["action_id"], block_id, element.get("value"), text=text,
            style=element.get("style"),
        )  # fmt: skip
    as_block = [{"block_id": block_id, "elements": [element]}]
    state = state_values({block_id: {element["action_id"]: value}}, as_block)
    entry = state[block_id][element["action_id"]]
    return {**entry, "action_id": element["action_id"], "block_id": block_id, "action_ts": now_ts()}


def block_actions(
    actions: Sequence[Json], *, user_id: str = DEFAULT_USER, channel_id: str = CHANNEL_ID,
    channel_name: str = "crisis-room", message: Json | Message | None = None,
    message_ts: str | None = None, view: Json | None = None,
    state: Mapping[str, Mapping[str, Any]] | None = None, trigger_id: str | None = None,
    response_url: str | None = None, team_id: str = TEAM_ID, team_domain: str = TEAM_DOMAIN,
    api_app_id: str = APP_ID,
) -> SlackRequest:  # fmt: skip
    """A block_actions interaction on a message, an ephemeral (`message_ts` only) or a view."""
    payload: Json = {
        "type": "block_actions", "user": _user(user_id, team_id), "api_app_id": api_app_id,
        "token": VERIFICATION_TOKEN, "trigger_id": trigger_id or new_trigger_id(),
        "team": {"id": team_id, "domain": team_domain}, "enterprise": None,
        "is_enterprise_install": False,
    }  # fmt: skip
    if view is not None:
        full = _full_view(view, team_id)
        full["state"] = {"values": state_values(state or {}, full.get("blocks"))}
        payload["container"] = {"type": "view", "view_id": full["id"]}
        payload["view"] = full
    else:
        if isinstance(message, Message):
            message = message.to_api(team_id, include_metadata=False)
        if message is None and message_ts is None:
            raise ValueError("block_actions needs a message, a message_ts or a view")
        ts = message["ts"] if message else message_ts
        container: Json = {"type": "message", "message_ts": ts, "channel_id": channel_id}
        container["is_ephemeral"] = message is None
        if message and message.get("thread_ts"):
            container["thread_ts"] = message["thread_ts"]
        payload["container"] = container
        payload["channel"] = {"id": channel_id, "name": channel_name}
        payload |= {"message": message} if message else {}
        blocks = message.get("blocks") if message else None
        payload["state"] = {"values": state_values(state or {}, blocks)}
        payload["response_url"] = response_url or _response_url("actions", team_id)
    payload["actions"] = list(actions)
    return interaction_request(payload)


# -- views --------------------------------------------------------------------------------------


def _elements(blocks: Sequence[Json] | None) -> dict[tuple[str, str], Json]:
    found: dict[tuple[str, str], Json] = {}
    for block in blocks or []:
        elements = [block.get("element"), block.get("accessory"), *block.get("elements", [])]
        for element in elements:
            if isinstance(element, dict) and "action_id" in element:
                found[(block.get("block_id", ""), element["action_id"])] = element
    return found


def _option(value: Any, element: Json | None) -> Json | None:
    if value is None:
        return None
    groups = (element or {}).get("option_groups", [])
    options = [*(element or {}).get("options", []), *(o for g in groups for o in g["options"])]
    # Slack echoes the option as the block defined it, label included.
    match = next((o for o in options if o.get("value") == value), None)
    return (
        {"text": match["text"], "value": value}
        if match
        else {"text": _plain(value), "value": value}
    )


def _state_entry(kind: str, value: Any, element: Json | None) -> Json:
    if kind in _TEXT_INPUTS:
        return {"type": kind, "value": value}
    if kind == "rich_text_input":
        section = {"type": "rich_text_section", "elements": [{"type": "text", "text": value}]}
        return {"type": kind, "rich_text_value": {"type": "rich_text", "elements": [section]}}
    if kind in _ONE_OPTION:
        return {"type": kind, "selected_option": _option(value, element)}
    if kind in _MANY_OPTIONS:
        return {"type": kind, "selected_options": [_option(v, element) for v in value]}
    if kind in _SELECTED:
        return {"type": kind, _SELECTED[kind]: list(value) if kind.startswith("multi") else value}
    raise ValueError(f"unsupported element type: {kind}")


def state_values(
    values: Mapping[str, Mapping[str, Any]], blocks: Sequence[Json] | None = None
) -> Json:
    """view.state.values from {block_id: {action_id: value}}, shaped per element type."""
    # The type comes from a (type, value) tuple, else from the element found in `blocks`, else
    # a bare string is a plain_text_input; an entry already shaped {"type": ...} passes through.
    elements = _elements(blocks)
    out: Json = {}
    for block_id, actions in values.items():
        for action_id, value in actions.items():
            element = elements.get((block_id, action_id))
            if isinstance(value, dict) and "type" in value:
                entry = dict(value)
            elif isinstance(value, tuple):
                entry = _state_entry(value[0], value[1], element)
            elif element is not None:
                entry = _state_entry(element["type"], value, element)
            elif isinstance(value, str):
                entry = _state_entry("plain_text_input", value, None)
            else:
                raise ValueError(f"{block_id}/{action_id}: give the element type or the blocks")
            out.setdefault(block_id, {})[action_id] = entry
    return out


def _full_view(view: Json, team_id: str) -> Json:
    full: Json = json.loads(json.dumps(view))  # a deep copy that is plain JSON
    view_id = full.setdefault("id", f"V{secrets.token_hex(5).upper()}")
    defaults: Json = {
        "team_id": team_id, "type": "modal", "blocks": [], "private_metadata": "",
        "callback_id": "", "state": {"values": {}}, "hash": f"{int(time.time())}.{secrets.token_hex(4)}",
        "title": _plain("Crisis"), "clear_on_close": False, "notify_on_close": False,
        "close": None, "submit": None, "previous_view_id": None, "root_view_id": view_id,
        "app_id": APP_ID, "external_id": "", "app_installed_team_id": team_id, "bot_id": BOT_ID,
    }  # fmt: skip
    return defaults | full


def view_submission(
    view: Json, *, user_id: str = DEFAULT_USER,
    values: Mapping[str, Mapping[str, Any]] | None = None, trigger_id: str | None = None,
    response_urls: Sequence[Json] = (), team_id: str = TEAM_ID, team_domain: str = TEAM_DOMAIN,
    api_app_id: str = APP_ID,
) -> SlackRequest:  # fmt: skip
    """A modal submission; `view` is the view as opened (e.g. FakeSlack.open_view)."""
    full = _full_view(view, team_id)
    full["state"] = {"values": state_values(values or {}, full.get("blocks"))}
    return interaction_request({
        "type": "view_submission", "team": {"id": team_id, "domain": team_domain},
        "user": _user(user_id, team_id), "api_app_id": api_app_id, "token": VERIFICATION_TOKEN,
        "trigger_id": trigger_id or new_trigger_id(), "view": full,
        "response_urls": list(response_urls), "is_enterprise_install": False, "enterprise": None,
    })  # fmt: skip


def view_closed(
    view: Json, *, user_id: str = DEFAULT_USER, is_cleared: bool = False,
    team_id: str = TEAM_ID, team_domain: str = TEAM_DOMAIN, api_app_id: str = APP_ID,
) -> SlackRequest:  # fmt: skip
    """A modal closed by the user (sent only for views with notify_on_close)."""
    return interaction_request({
        "type": "view_closed", "team": {"id": team_id, "domain": team_domain},
        "user": _user(user_id, team_id), "api_app_id": api_app_id, "token": VERIFICATION_TOKEN,
        "view": _full_view(view, team_id), "is_cleared": is_cleared,
        "is_enterprise_install": False, "enterprise": None,
    })  # fmt: skip
