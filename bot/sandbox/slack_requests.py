"""Requests exactly as Slack sends them to an app: commands, interactions and events, signed."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
import urllib.request
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple
from urllib.error import HTTPError
from urllib.parse import parse_qsl, urlencode

from bot.sandbox.fake_slack import (
    APP_ID,
    BOT_ID,
    BOT_USER_ID,
    CHANNEL_ID,
    SAMPLE_STAFF,
    TEAM_DOMAIN,
    TEAM_ID,
    Message,
)

Json = dict[str, Any]
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
VERIFICATION_TOKEN = "sandbox-verification-token"
DEFAULT_USER = SAMPLE_STAFF[0][0]
_NAMES = {user_id: name for user_id, name, _, _ in SAMPLE_STAFF}
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


def sign(
    secret: str, body: bytes, timestamp: int, *, content_type: str | None = None
) -> dict[str, str]:
    """Headers Slack sends with `body`: v0 HMAC-SHA256 signature, timestamp, content type."""
    base = b"v0:" + str(timestamp).encode() + b":" + body
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {
        "Content-Type": content_type or (JSON if body.startswith(b"{") else FORM),
        "X-Slack-Request-Timestamp": str(timestamp),
        "X-Slack-Signature": f"v0={digest}",
    }


@dataclass(frozen=True)
class SlackRequest:
    """A request body as Slack would POST it; signed when sent, so it can be re-sent."""

    body: bytes
    content_type: str

    @property
    def text(self) -> str:
        """The body as a string (what BoltRequest takes)."""
        return self.body.decode()

    @property
    def payload(self) -> Json:
        """The decoded content: the JSON, the interaction payload, or the form fields."""
        if self.content_type == JSON:
            content: Json = json.loads(self.body)
            return content
        form = dict(parse_qsl(self.text, keep_blank_values=True))
        return json.loads(form["payload"]) if "payload" in form else dict(form)

    def headers(
        self, signing_secret: str, *, timestamp: int | None = None, retry_num: int | None = None,
        retry_reason: str = "http_timeout",
    ) -> dict[str, str]:  # fmt: skip
        """Signed headers, plus Slack's retry headers when `retry_num` is given."""
        when = int(time.time()) if timestamp is None else timestamp
        headers = sign(signing_secret, self.body, when, content_type=self.content_type)
        if retry_num is not None:
            headers |= {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": retry_reason}
        return headers


def _form(fields: Mapping[str, str]) -> SlackRequest:
    return SlackRequest(urlencode(fields).encode(), FORM)


def _interaction(payload: Json) -> SlackRequest:
    return _form({"payload": json.dumps(payload)})


def _json(content: Json) -> SlackRequest:
    return SlackRequest(json.dumps(content).encode(), JSON)


def new_trigger_id() -> str:
    """A trigger_id in Slack's shape (the fake only accepts its own, from FakeSlack)."""
    return (
        f"{secrets.randbelow(10**13):013d}.{secrets.randbelow(10**10):010d}.{secrets.token_hex(16)}"
    )


def _response_url(kind: str, team_id: str) -> str:
    return f"https://hooks.slack.com/{kind}/{team_id}/{secrets.randbelow(10**13)}/{secrets.token_urlsafe(18)}"


def _now_ts() -> str:
    return f"{time.time():.6f}"


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
    return _form({
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
    return action | {"type": "button", "action_ts": _now_ts()}


def users_select_action(action_id: str, block_id: str, selected_user: str) -> Json:
    """A users_select choice in `actions`."""
    return {"type": "users_select", "action_id": action_id, "block_id": block_id,
            "selected_user": selected_user, "action_ts": _now_ts()}  # fmt: skip


def static_select_action(
    action_id: str, block_id: str, value: str, text: str | None = None
) -> Json:
    """A static_select choice in `actions`."""
    option = {"text": _plain(text or value), "value": value}
    return {"type": "static_select", "action_id": action_id, "block_id": block_id,
            "selected_option": option, "placeholder": _plain("Select an item"),
            "action_ts": _now_ts()}  # fmt: skip


def overflow_action(action_id: str, block_id: str, value: str, text: str | None = None) -> Json:
    """An overflow menu choice in `actions`."""
    option = {"text": _plain(text or value), "value": value}
    return {"type": "overflow", "action_id": action_id, "block_id": block_id,
            "selected_option": option, "action_ts": _now_ts()}  # fmt: skip


def checkboxes_action(
    action_id: str, block_id: str, selected: Mapping[str, str] | Sequence[str]
) -> Json:
    """The ticked checkboxes in `actions`; `selected` is values, or {value: label}."""
    labels = selected if isinstance(selected, Mapping) else {v: v for v in selected}
    options = [{"text": _plain(label), "value": value} for value, label in labels.items()]
    return {"type": "checkboxes", "action_id": action_id, "block_id": block_id,
            "selected_options": options, "action_ts": _now_ts()}  # fmt: skip


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
    return _interaction(payload)


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
    return _interaction({
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
    return _interaction({
        "type": "view_closed", "team": {"id": team_id, "domain": team_domain},
        "user": _user(user_id, team_id), "api_app_id": api_app_id, "token": VERIFICATION_TOKEN,
        "view": _full_view(view, team_id), "is_cleared": is_cleared,
        "is_enterprise_install": False, "enterprise": None,
    })  # fmt: skip


# -- events -------------------------------------------------------------------------------------


def event(
    event: Json, *, team_id: str = TEAM_ID, api_app_id: str = APP_ID,
    event_id: str | None = None, event_time: int | None = None,
) -> SlackRequest:  # fmt: skip
    """An Events API event_callback envelope around `event`; re-send it to simulate a retry."""
    when = event_time or int(float(event.get("event_ts") or time.time()))
    context = {
        "et": event.get("type"),
        "tid": team_id,
        "aid": api_app_id,
        "cid": event.get("channel"),
    }
    return _json({
        "token": VERIFICATION_TOKEN, "team_id": team_id, "context_team_id": team_id,
        "context_enterprise_id": None, "api_app_id": api_app_id, "event": event,
        "type": "event_callback", "event_id": event_id or f"Ev{secrets.token_hex(5).upper()}",
        "event_time": when,
        "authorizations": [{"enterprise_id": None, "team_id": team_id, "user_id": BOT_USER_ID,
                            "is_bot": True, "is_enterprise_install": False}],
        "is_ext_shared_channel": False,
        "event_context": "4-" + base64.urlsafe_b64encode(json.dumps(context).encode()).decode(),
    })  # fmt: skip


def url_verification(challenge: str) -> SlackRequest:
    """The handshake Slack sends when the Request URL is saved."""
    return _json({"token": VERIFICATION_TOKEN, "challenge": challenge, "type": "url_verification"})


def _rich_text(text: str) -> Json:
    section = {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}
    return {"type": "rich_text", "block_id": secrets.token_hex(3)[:5], "elements": [section]}


def message_event(
    channel: str, user: str, text: str, ts: str | None = None, thread_ts: str | None = None, *,
    channel_type: str = "channel", bot_id: str | None = None, team_id: str = TEAM_ID,
) -> Json:  # fmt: skip
    """A `message` event as a person (or, with bot_id, an app) posting sends it."""
    ts = ts or _now_ts()
    ev: Json = {"type": "message", "user": user, "text": text, "ts": ts, "team": team_id}
    ev |= {"bot_id": bot_id, "app_id": APP_ID} if bot_id else {"client_msg_id": str(uuid.uuid4())}
    ev |= {"blocks": [_rich_text(text)], "channel": channel, "event_ts": ts}
    ev |= {"thread_ts": thread_ts} if thread_ts else {}
    return ev | {"channel_type": channel_type}


def app_mention_event(
    channel: str, user: str, text: str, ts: str | None = None, thread_ts: str | None = None
) -> Json:
    """An `app_mention` event; `text` should contain <@UCRISISBOT>."""
    ts = ts or _now_ts()
    ev: Json = {"type": "app_mention", "user": user, "text": text, "ts": ts, "team": TEAM_ID}
    ev |= {"client_msg_id": str(uuid.uuid4()), "blocks": [_rich_text(text)]}
    ev |= {"thread_ts": thread_ts} if thread_ts else {}
    return ev | {"channel": channel, "event_ts": ts}


def message_changed_event(
    channel: str, ts: str, text: str, previous_text: str, *, user: str,
    event_ts: str | None = None, thread_ts: str | None = None,
) -> Json:  # fmt: skip
    """A hidden `message_changed` event for the message at `ts`."""
    event_ts = event_ts or _now_ts()
    base: Json = {"type": "message", "user": user, "ts": ts, "team": TEAM_ID}
    base |= {"thread_ts": thread_ts} if thread_ts else {}
    new = base | {"text": text, "edited": {"user": user, "ts": event_ts}}
    return {"type": "message", "subtype": "message_changed", "hidden": True, "channel": channel,
            "ts": event_ts, "event_ts": event_ts, "channel_type": "channel", "message": new,
            "previous_message": base | {"text": previous_text}}  # fmt: skip


def message_deleted_event(
    channel: str, deleted_ts: str, *, user: str, previous_text: str = "",
    event_ts: str | None = None, thread_ts: str | None = None,
) -> Json:  # fmt: skip
    """A hidden `message_deleted` event for the message at `deleted_ts`."""
    event_ts = event_ts or _now_ts()
    previous: Json = {"type": "message", "user": user, "text": previous_text, "ts": deleted_ts}
    previous |= {"thread_ts": thread_ts} if thread_ts else {}
    return {"type": "message", "subtype": "message_deleted", "hidden": True, "channel": channel,
            "ts": event_ts, "deleted_ts": deleted_ts, "event_ts": event_ts,
            "channel_type": "channel", "previous_message": previous}  # fmt: skip


def _reaction(
    kind: str, user: str, reaction: str, channel: str, ts: str, item_user: str | None,
    event_ts: str | None,
) -> Json:  # fmt: skip
    ev: Json = {"type": kind, "user": user, "reaction": reaction}
    # Messages not written by a user (e.g. from webhooks) come without item_user.
    ev |= {"item_user": item_user} if item_user else {}
    item = {"type": "message", "channel": channel, "ts": ts}
    return ev | {"item": item, "event_ts": event_ts or _now_ts()}


def reaction_added_event(
    user: str, reaction: str, item_channel: str, item_ts: str, item_user: str | None = None,
    *, event_ts: str | None = None,
) -> Json:  # fmt: skip
    """A `reaction_added` event on a message."""
    return _reaction("reaction_added", user, reaction, item_channel, item_ts, item_user, event_ts)


def reaction_removed_event(
    user: str, reaction: str, item_channel: str, item_ts: str, item_user: str | None = None,
    *, event_ts: str | None = None,
) -> Json:  # fmt: skip
    """A `reaction_removed` event on a message."""
    return _reaction("reaction_removed", user, reaction, item_channel, item_ts, item_user, event_ts)


def app_home_opened_event(
    user: str, *, channel: str | None = None, tab: str = "home", view: Json | None = None
) -> Json:
    """An `app_home_opened` event; `view` is present once a home tab was published."""
    ev: Json = {"type": "app_home_opened", "user": user, "channel": channel or f"D{user[1:]}"}
    ev |= {"tab": tab, "event_ts": _now_ts()}
    return ev | ({"view": view} if view else {})


# -- sending ------------------------------------------------------------------------------------


class Reply(NamedTuple):
    """What the app answered."""

    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        """The body decoded as JSON."""
        return json.loads(self.body)


class SlackSender:
    """POSTs signed requests to an app the way Slack does, over plain urllib."""

    def __init__(
        self, base_url: str, signing_secret: str, path: str = "/slack/events", timeout: float = 10.0
    ) -> None:
        self.base_url, self.signing_secret = base_url.rstrip("/"), signing_secret
        self.path, self.timeout = path, timeout
        # No proxies: the app under test is on this machine, whatever the environment says.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def send(
        self, request: SlackRequest, *, retry_num: int | None = None,
        retry_reason: str = "http_timeout", timestamp: int | None = None,
        bad_signature: bool = False, path: str | None = None,
    ) -> Reply:  # fmt: skip
        """Sign and POST `request`; HTTP error statuses come back as a Reply, not raised."""
        secret = self.signing_secret + ("-tampered" if bad_signature else "")
        headers = request.headers(
            secret, timestamp=timestamp, retry_num=retry_num, retry_reason=retry_reason
        )
        url = self.base_url + (path or self.path)
        http_request = urllib.request.Request(url, request.body, headers, method="POST")
        try:
            with self._opener.open(http_request, timeout=self.timeout) as answer:
                return Reply(answer.status, dict(answer.headers.items()), answer.read())
        except HTTPError as err:
            return Reply(err.code, dict(err.headers.items()), err.read())
