"""What reaches Bolt has the shape Slack gives it. Bolt reads payloads as it expects them
and fails inside (an answer of 500, or an exception out of the adapter) on a signed body
such as `"actions": []`, JSON `null` or `"event": 5`; this turns each into a clear 400
and a log line, for HTTP and Socket Mode alike."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs

from slack_sdk.signature import SignatureVerifier

INTERACTIVE = {
    "block_actions", "block_suggestion", "view_submission", "view_closed", "shortcut",
    "message_action", "interactive_message", "dialog_submission",
}  # fmt: skip
SIGNATURE_WINDOW = 60 * 5  # Slack's: a request older than five minutes is refused


class Malformed(Exception):
    """A request that cannot be Slack's; the message says why, for the log and the 400."""


def parse(raw: bytes, content_type: str) -> Any:
    """The payload of an HTTP request as Bolt will read it: a slash command's form fields,
    an interaction's `payload` JSON, or an event's JSON body."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Malformed("the body is not UTF-8") from None
    if content_type.startswith("application/json"):
        return _json(text)
    form = parse_qs(text, keep_blank_values=True)
    if "payload" in form:
        return _json(form["payload"][0])
    return {key: values[0] for key, values in form.items()}


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        raise Malformed("the body is not JSON") from None


def check_signature(
    secret: str, raw: bytes, headers: Mapping[str, str], now: float | None = None
) -> str | None:
    """Why the signature headers are not Slack's for this body, or None when they are."""
    stamp = headers.get("x-slack-request-timestamp", "")
    signature = headers.get("x-slack-signature", "")
    if not stamp or not signature:
        return "missing signature headers"
    if not (stamp.isascii() and stamp.isdigit()):
        return "the request timestamp is not a number of seconds"
    if abs((now or time.time()) - int(stamp)) > SIGNATURE_WINDOW:
        return "the request timestamp is outside Slack's five minutes"
    if not SignatureVerifier(secret).is_valid(raw, stamp, signature):
        return "the signature does not match"
    return None


def check_shape(body: Any) -> None:
    """Raise Malformed unless `body` has the shape Slack sends (and Bolt reads)."""
    if not isinstance(body, dict):
        raise Malformed(f"the payload is {type(body).__name__}, not an object")
    kind = body.get("type")
    if "command" in body:
        for key in ("command", "user_id"):
            _string(body, key)
        for key in ("text", "team_id", "channel_id", "trigger_id", "response_url"):
            _string(body, key, required=False)
        if not str(body["command"]).startswith("/"):
            raise Malformed("command does not start with /")
        return
    if not isinstance(kind, str):
        raise Malformed("the payload has no type")
    if kind == "url_verification":
        _string(body, "challenge")
    elif kind == "event_callback":
        _events(body)
    elif kind in INTERACTIVE:
        _interactive(body, kind)
    elif kind not in ("app_rate_limited",):
        raise Malformed(f"unknown payload type {kind!r}")


def _events(body: dict[str, Any]) -> None:
    event = _object(body, "event")
    _string(event, "type")
    for key in ("team_id", "api_app_id", "event_id"):
        _string(body, key, required=False)
    for key in ("ts", "thread_ts", "text", "subtype", "event_ts"):
        _string(event, key, required=False)
    if "user" in event and not isinstance(event["user"], (str, dict)):
        raise Malformed("event.user is neither an id nor an object")
    if "channel" in event and not isinstance(event["channel"], (str, dict)):
        raise Malformed("event.channel is neither an id nor an object")
    for key in ("message", "previous_message", "item", "view"):
        _object(event, key, required=False)
    authorizations = body.get("authorizations")
    if authorizations is not None and (
        not isinstance(authorizations, list) or not all(isinstance(a, dict) for a in authorizations)
    ):
        raise Malformed("authorizations is not a list of objects")


def _interactive(body: dict[str, Any], kind: str) -> None:
    _string(_object(body, "user"), "id")
    for key in ("team", "channel", "container", "message", "state", "enterprise"):
        _object(body, key, required=False)
    for key in ("trigger_id", "response_url", "api_app_id", "token"):
        _string(body, key, required=False)
    if kind == "block_actions":
        actions = body.get("actions")
        if not isinstance(actions, list) or not actions:
            raise Malformed("block_actions without actions")
        for action in actions:
            if not isinstance(action, dict) or not isinstance(action.get("action_id"), str):
                raise Malformed("an action without an action_id")
        _object(body, "view", required=False)
    elif kind in ("view_submission", "view_closed"):
        view = _object(body, "view")
        _string(view, "id")
        for key in ("callback_id", "private_metadata", "hash"):
            _string(view, key, required=False)
        _object(view, "state", required=False)
        if "blocks" in view and not isinstance(view["blocks"], list):
            raise Malformed("view.blocks is not a list")
    elif kind in ("shortcut", "message_action"):
        _string(body, "callback_id")


def _object(body: dict[str, Any], key: str, *, required: bool = True) -> dict[str, Any]:
    value = body.get(key)
    if value is None and not required:
        return {}
    if not isinstance(value, dict):
        raise Malformed(f"{key} is not an object")
    return value


def _string(body: dict[str, Any], key: str, *, required: bool = True) -> None:
    value = body.get(key)
    if value is None and not required:
        return
    if not isinstance(value, str):
        raise Malformed(f"{key} is not text")
