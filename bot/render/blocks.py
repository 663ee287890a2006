"""Block Kit primitives: text objects, sections, buttons, modals and inputs, each cut to
Slack's limits. Everything user-typed goes through `esc`, the one mrkdwn escape."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from zoneinfo import ZoneInfo

Block = dict[str, Any]

MAX_BLOCKS = 50
MAX_MODAL_BLOCKS = 100
SECTION_TEXT = 3000
HEADER_TEXT = 150
BUTTON_TEXT = 75
TEXT_INPUT_MAX = 3000  # a text input's max_length; Slack refuses the whole view above it


def text_size(value: Any) -> int:
    """Characters of every string in a block (its `type`s aside): what Slack counts towards
    a message's limit on the text of its blocks."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list):
        return sum(text_size(v) for v in value)
    if isinstance(value, dict):
        return sum(text_size(v) for k, v in value.items() if k != "type")
    return 0


def esc(text: str) -> str:
    """Escape user text for mrkdwn, so `<!channel>` or `<@U1>` in a title pings nobody."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cut(text: str, limit: int) -> str:
    """At most `limit` characters, with an ellipsis when shortened."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def cut_escaped(text: str, limit: int) -> str:
    """Escape, then cut without splitting an entity such as &amp;."""
    escaped = esc(text)
    if len(escaped) <= limit:
        return escaped
    out = escaped[: limit - 1]
    amp = out.rfind("&")
    if amp != -1 and ";" not in out[amp:]:
        out = out[:amp]
    return out.rstrip() + "…"


def plain(text: str, limit: int = HEADER_TEXT) -> dict[str, Any]:
    return {"type": "plain_text", "text": cut(text, limit) or " ", "emoji": True}


def md(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text[:SECTION_TEXT]}


def section(text: str, **extra: Any) -> Block:
    return {"type": "section", "text": md(text), **extra}


def context(*texts: str) -> Block:
    return {"type": "context", "elements": [md(t[:2000]) for t in texts[:10]]}


def button(
    text: str,
    action_id: str,
    value: str,
    *,
    style: str | None = None,
    confirm: dict[str, Any] | None = None,
) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "button",
        "text": plain(text, BUTTON_TEXT),
        "action_id": action_id,
        "value": value[:2000],
    }
    if style:
        element["style"] = style
    if confirm:
        element["confirm"] = confirm
    return element


def mention(user: str | None) -> str:
    """A Slack user id becomes a mention; a CLI actor is shown as typed."""
    if not user:
        return "_unassigned_"
    if user[:1] in "UW" and user.isalnum():
        return f"<@{user}>"
    return esc(user)


def local(ts: dt.datetime | None, tz: ZoneInfo, fmt: str = "%H:%M %Z") -> str:
    if ts is None:
        return "-"
    return ts.astimezone(tz).strftime(fmt)


def modal(
    callback_id: str,
    title: str,
    blocks: list[Block],
    *,
    submit: str | None,
    metadata: dict[str, Any],
) -> dict[str, Any]:
    view: dict[str, Any] = {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(title, 24),
        "close": plain("Cancel", 24),
        "blocks": blocks[:MAX_MODAL_BLOCKS],
        "private_metadata": json.dumps(metadata)[:3000],
    }
    if submit:
        view["submit"] = plain(submit, 24)
    return view


def text_input(
    block_id: str,
    label: str,
    *,
    multiline: bool = False,
    optional: bool = False,
    max_length: int = TEXT_INPUT_MAX,
    initial: str | None = None,
    hint: str | None = None,
) -> Block:
    max_length = min(max_length, TEXT_INPUT_MAX)
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": "value",
        "multiline": multiline,
        "max_length": max_length,
    }
    if initial:
        element["initial_value"] = initial[:max_length]
    block: Block = {
        "type": "input",
        "block_id": block_id,
        "label": plain(label, 2000),
        "element": element,
        "optional": optional,
    }
    if hint:
        block["hint"] = plain(hint, 2000)
    return block


def option(text: str, value: str) -> dict[str, Any]:
    return {"text": plain(text, 75), "value": value[:150]}
